  // {{name}} (written by npm run new-subgraph: the template's decisions; keep them true when its fields change)
  'Mutation.set{{Name}}Note': { who: 'SIGNED_IN', args: () => ({ text: 'Written by the authorization test.' }) },
  'Account.{{name}}': { who: 'SELF_OR', roles: [], others: 'FORBIDDEN' },

