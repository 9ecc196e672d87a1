/** The account's data: download the export, delete the account. */
import { DeleteAccountDocument, ExportMyDataDocument } from '../../../client';
import { actionForm } from '../action-form';
import type { App } from '../app';
import { checkbox, field, h, rawValue, type Child } from '../dom';

/** Saves JSON as a file through a Blob URL (no server round trip, and the page's CSP allows it). */
function download(name: string, json: unknown): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(json, null, 2)}\n`], { type: 'application/json' }));
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function dataSection(app: App): Child[] {
  return [
    h('h2', {}, 'Your data'),
    h('p', {}, 'Everything the beta services hold about you — account, agreements, experiment choices, feedback and usage — as one JSON file.'),
    actionForm({
      id: 'export',
      label: 'Download my data',
      submit: 'Download my data',
      buttonClass: 'secondary',
      run: async () => {
        const result = await app.request(ExportMyDataDocument);
        if (!result.ok) return result.error;
        const name = `beta-data-export-${new Date().toISOString().slice(0, 10)}.json`;
        download(name, result.data.exportMyData);
        app.announce(`Your data was downloaded as ${name}.`);
      },
    }),
    h('h3', {}, 'Delete your account'),
    h('p', {}, 'Deletes your beta account and its data in every beta service; the agreement records keep only the time of deletion. You are signed out everywhere. This cannot be undone.'),
    actionForm({
      id: 'delete-account',
      label: 'Delete my account',
      submit: 'Delete my account',
      buttonClass: 'danger',
      fields: [
        ...field({ label: 'Your password', name: 'password', type: 'password', required: true, autocomplete: 'current-password', id: 'delete-password' }),
        h('p', {}, checkbox({ label: 'I understand that this deletes my beta account and its data.', name: 'confirm', required: true })),
      ],
      run: async (form) => {
        const result = await app.request(DeleteAccountDocument, { password: rawValue(form, 'password') });
        if (!result.ok) return result.error;
        await app.endSession('Your account is being deleted, with its data in every beta service. Thank you for taking part.');
      },
    }),
  ];
}
