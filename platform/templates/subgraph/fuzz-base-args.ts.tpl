  set{{Name}}Note: () => ({ text: 'Written by the fuzz test.' }),
