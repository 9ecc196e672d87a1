/** The staff board: every experiment with its status, rollout, monthly review and what each next move still misses. */
import { StaffExperimentsDocument, type ExperimentStatus, type StaffExperimentsQuery } from '../../../client';
import { actionForm, errorContent } from '../action-form';
import type { App } from '../app';
import { checkbox, field, formatDate, h, select, value, checked, type Child } from '../dom';
import { isStaff, missingWords, transitionWords } from '../words';

const PAGE = 100;
const STATUSES: ExperimentStatus[] = ['PROPOSED', 'IN_BETA', 'PAUSED', 'GRADUATED', 'KILLED'];

/** The board's filter and page, kept while the tab lives. */
const filter: { status: ExperimentStatus | null; reviewOverdue: boolean; after: string[] } = { status: null, reviewOverdue: false, after: [] };

type Row = StaffExperimentsQuery['experiments'][number];

export const notStaff = (): Child[] => [
  h('h1', { tabindex: -1 }, 'Staff view'),
  h('p', {}, 'The staff view is for beta staff (accounts with a staff role). Ask the beta operations team if you need one; a new role counts from your next sign-in.'),
];

function gates(row: Row): Child {
  if (!row.gateStatus.length) return h('span', { class: 'muted' }, 'No further moves');
  return h('ul', {}, row.gateStatus.map((gate) => h('li', {},
    `${transitionWords(row.status, gate.to)}: `,
    gate.allowed ? h('span', { class: 'ready' }, 'ready') : h('span', { class: 'blocked' }, `missing ${gate.missing.map(missingWords).join(', ')}`),
  )));
}

function table(rows: Row[]): HTMLElement {
  return h('table', {},
    h('caption', {}, 'Experiments, oldest first'),
    h('thead', {}, h('tr', {}, ['Experiment', 'Status', 'Rollout', 'Monthly review', 'Next moves'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((row) => h('tr', {},
      h('td', {}, h('a', { href: `#/staff/${encodeURIComponent(row.slug)}` }, row.name), h('br'), h('span', { class: 'mono muted' }, row.slug)),
      h('td', {}, row.status),
      h('td', {}, `${row.rolloutPercent} %`),
      h('td', {}, row.reviewOverdue ? h('span', { class: 'blocked' }, 'overdue') : null, row.lastReviewedAt ? ` last ${formatDate(row.lastReviewedAt)}` : ''),
      h('td', {}, gates(row)),
    ))));
}

export async function staffBoardView(app: App): Promise<Child[]> {
  if (!isStaff(app.viewer?.roles ?? [])) return notStaff();
  const after = filter.after.at(-1);
  const result = await app.request(StaffExperimentsDocument, { status: filter.status, reviewOverdue: filter.reviewOverdue || null, first: PAGE, after: after ?? null });
  const rows = result.ok ? result.data.experiments : [];
  return [
    h('h1', { tabindex: -1 }, 'Beta process'),
    actionForm({
      id: 'open-experiment',
      label: 'Open an experiment',
      submit: 'Open',
      fields: field({ label: 'Experiment slug', name: 'slug', required: true, id: 'open-slug', hint: 'Lower-case letters, digits and dashes, e.g. tab-groups.' }),
      run: async (form) => app.go(`#/staff/${encodeURIComponent(value(form, 'slug'))}`),
    }),
    actionForm({
      id: 'board-filter',
      label: 'Filter the experiments',
      submit: 'Show',
      buttonClass: 'secondary',
      fields: [
        ...select({ label: 'Status', name: 'status', id: 'filter-status', value: filter.status ?? '', choices: [['', 'Any status'], ...STATUSES.map((s): [string, string] => [s, s])] }),
        h('p', {}, checkbox({ label: 'Only the ones due at the monthly review', name: 'overdue', id: 'filter-overdue', checked: filter.reviewOverdue })),
      ],
      run: async (form) => {
        filter.status = (value(form, 'status') || null) as ExperimentStatus | null;
        filter.reviewOverdue = checked(form, 'overdue');
        filter.after = [];
        await app.refresh();
      },
    }),
    result.ok ? (rows.length ? table(rows) : h('p', {}, 'No experiment matches.')) : h('div', { class: 'error', role: 'alert' }, errorContent(result.error)),
    h('p', {},
      filter.after.length ? h('button', { type: 'button', class: 'secondary', id: 'board-previous', onclick: () => { filter.after.pop(); void app.refresh(); } }, 'Previous page') : null,
      rows.length === PAGE ? h('button', { type: 'button', class: 'secondary', id: 'board-next', onclick: () => { filter.after.push(rows[rows.length - 1].slug); void app.refresh(); } }, 'Next page') : null,
    ),
  ];
}
