/** One experiment for staff: its definition, gates (what each move still misses), criteria, sign-offs, revisions, rollout, reviews, feedback, adoption and audit log, with the actions beside them. */
import { ExperimentDetailDocument, FeedbackDocument } from '../../../client';
import { errorContent } from '../action-form';
import type { App } from '../app';
import { formatDate, h, type Child } from '../dom';
import { CRITERION_WORDS, SIGN_OFF_WORDS, gateItemWords, isStaff, transitionWords } from '../words';
import { criterionForm, releaseForm, reviewForm, rolloutForm, signOffForm, transitionForm, type Experiment } from './staff-actions';
import { notStaff } from './staff-board';

const LIVE = ['IN_BETA', 'PAUSED'];
/** ExperimentDetail's audit log page (the API's default). */
const AUDIT_PAGE = 50;
/** Per experiment, the cursors of the audit log pages shown before this one. */
const auditCursors = new Map<string, string[]>();

function auditPager(app: App, slug: string, entries: Experiment['auditLog']): Child {
  const cursors = auditCursors.get(slug) ?? [];
  const move = (next: string[]) => () => {
    auditCursors.set(slug, next);
    void app.refresh();
  };
  return h('p', {},
    cursors.length ? h('button', { type: 'button', class: 'secondary', id: 'audit-earlier', onclick: move(cursors.slice(0, -1)) }, 'Earlier entries') : null,
    entries.length === AUDIT_PAGE ? h('button', { type: 'button', class: 'secondary', id: 'audit-later', onclick: move([...cursors, entries[entries.length - 1].id]) }, 'Later entries') : null,
  );
}

function tableOf(caption: string, headings: string[], rows: Child[][]): Child {
  if (!rows.length) return h('p', { class: 'muted' }, `${caption}: none yet.`);
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headings.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c))))));
}

function facts(e: Experiment): Child {
  const pairs: [string, Child][] = [
    ['Slug', h('span', { class: 'mono' }, e.slug)],
    ['Status', e.status],
    ['Tier', e.tier],
    ['Opt-in', e.optInPolicy === 'CHANNEL' ? 'by channel' : 'each account opts in'],
    ['Rollout', `${e.rolloutPercent} %`],
    ['Owner', e.owner.displayName],
    ['Accounts opted in', e.enrolledAccounts],
    ['In the beta since', formatDate(e.enteredBetaAt)],
    ['Last monthly review', [formatDate(e.lastReviewedAt), e.reviewOverdue ? h('span', { class: 'blocked' }, ' — overdue') : null]],
    ['Handles user data', e.hasUserData ? 'yes' : 'no'],
    ['Add-on id', e.addonId ? h('span', { class: 'mono' }, e.addonId) : '—'],
    ['Exit thresholds', `${e.exitThresholds.minFeedbackCount} feedback entries, ${e.exitThresholds.minHappyShare ?? 'any'} happy share, ${e.exitThresholds.minActiveAccounts30d} active accounts in 30 days`],
  ];
  return h('dl', { class: 'facts' }, pairs.map(([term, detail]) => [h('dt', {}, term), h('dd', {}, detail)]));
}

function gates(app: App, e: Experiment): Child[] {
  if (!e.gateStatus.length) return [h('p', {}, `${e.status} is final: no further moves.`)];
  return e.gateStatus.map((gate) => h('section', { 'aria-label': transitionWords(e.status, gate.to) },
    h('h3', {}, `${transitionWords(e.status, gate.to)} (to ${gate.to})`),
    gate.allowed ? h('p', { class: 'ready' }, 'Ready: nothing is missing.') : [h('p', { class: 'blocked' }, 'Missing:'), h('ul', {}, gate.missing.map((key, i) => h('li', {}, gateItemWords(key, gate.details[i]))))],
    h('p', { class: 'hint' }, `Who may: ${gate.roles.join(', ')}.`, gate.callerMayPerform ? '' : ' Your roles cannot make this move.'),
    transitionForm(app, e, gate),
  ));
}

function numbers(e: Experiment): Child[] {
  const s = e.feedbackSummary;
  const row = (label: string, w: { count: number; happy: number; sad: number; averageRating: number | null; uniqueAccounts: number }) =>
    [label, w.count, w.happy, w.sad, w.averageRating === null ? '—' : w.averageRating.toFixed(1), w.uniqueAccounts];
  return [
    s ? tableOf('Feedback', ['Window', 'Entries', 'Happy', 'Sad', 'Average rating', 'Accounts'], [row('All time', s), row('Last 7 days', s.last7Days), row('Last 30 days', s.last30Days)])
      : h('p', { class: 'notice' }, 'The feedback numbers could not be loaded just now.'),
    e.adoption
      ? h('p', {}, `Adoption: ${e.adoption.enrolledAccounts} accounts opted in; ${e.adoption.activeAccounts7d} active in the last 7 days, ${e.adoption.activeAccounts30d} in the last 30.`)
      : h('p', { class: 'notice' }, 'The adoption numbers could not be loaded just now.'),
  ];
}

async function comments(app: App, slug: string): Promise<Child> {
  const result = await app.request(FeedbackDocument, { experiment: slug, first: 20 });
  if (!result.ok) {
    return result.error.code === 'FORBIDDEN'
      ? h('p', { class: 'muted' }, 'Feedback comments are for PRODUCT and UX staff.')
      : h('div', { class: 'error' }, errorContent(result.error));
  }
  const entries = result.data.feedback.entries;
  return tableOf('Latest feedback, newest first', ['When', 'Revision', 'Sentiment', 'Rating', 'Comment'],
    entries.map((f) => [formatDate(f.createdAt), f.revision ?? '—', f.sentiment === 'HAPPY' ? 'happy' : 'sad', f.rating ?? '—', f.comment ?? '']));
}

export async function staffExperimentView(app: App, slug: string): Promise<Child[]> {
  if (!isStaff(app.viewer?.roles ?? [])) return notStaff();
  const auditLogAfter = auditCursors.get(slug)?.at(-1) ?? null;
  const [detail, feedback] = await Promise.all([app.request(ExperimentDetailDocument, { slug, auditLogAfter }), comments(app, slug)]);
  const back = h('p', {}, h('a', { href: '#/staff' }, '← All experiments'));
  if (!detail.ok) return [back, h('h1', { tabindex: -1 }, slug), h('div', { class: 'error', role: 'alert' }, errorContent(detail.error))];
  const e = detail.data.experiment;
  if (!e) return [back, h('h1', { tabindex: -1 }, slug), h('p', {}, `There is no experiment "${slug}".`)];
  return [
    back,
    h('h1', { tabindex: -1 }, e.name, h('span', { class: 'tag' }, e.status)),
    h('p', {}, e.description),
    facts(e),
    h('h2', {}, 'Next moves'),
    gates(app, e),
    h('h2', {}, 'Entry criteria'),
    tableOf('Entry criteria', ['Criterion', 'Required', 'Checked'], e.entryCriteria.map((c) => [
      CRITERION_WORDS[c.criterion], c.required ? 'yes' : 'no', c.checked ? `yes, by ${c.checkedBy?.displayName ?? '?'} on ${formatDate(c.checkedAt)}${c.note ? ` (${c.note})` : ''}` : 'no',
    ])),
    e.status === 'PROPOSED' ? criterionForm(app, e) : null,
    h('h2', {}, 'Sign-offs'),
    tableOf('Sign-offs', ['Sign-off', 'Gate', 'Revision', 'By', 'When', 'Comment'], e.signOffs.map((s) => [
      SIGN_OFF_WORDS[s.kind], s.gate.toLowerCase(), s.revision ?? '—', s.signer.displayName, formatDate(s.signedAt), s.comment ?? '',
    ])),
    signOffForm(app, e),
    h('h2', {}, 'Revisions'),
    tableOf('Released revisions, newest first', ['Version', 'Released', 'By', 'Add-on', 'Notes'], e.revisions.map((r) => [
      r.version, formatDate(r.releasedAt), r.releasedBy.displayName, h('span', { class: 'mono' }, `${r.addonId} · ${r.url} · sha256 ${r.sha256}`), r.notes ?? '',
    ])),
    ['PROPOSED', ...LIVE].includes(e.status) ? releaseForm(app, e) : null,
    h('h2', {}, 'Rollout'),
    h('p', {}, `${e.rolloutPercent} % of the accounts that could have it get it.`),
    ['PROPOSED', ...LIVE].includes(e.status) ? rolloutForm(app, e) : null,
    h('h2', {}, 'Monthly review'),
    tableOf('Reviews', ['When', 'By', 'Decision', 'Notes'], e.reviews.map((r) => [formatDate(r.reviewedAt), r.reviewer.displayName, r.decision.toLowerCase(), r.notes])),
    LIVE.includes(e.status) ? reviewForm(app, e) : h('p', { class: 'muted' }, 'Reviews are recorded while the experiment is in the beta or paused.'),
    h('h2', {}, 'Feedback and adoption'),
    numbers(e),
    feedback,
    h('h2', {}, 'Audit log'),
    tableOf('Every change, oldest first', ['When', 'Who', 'Action', 'Status', 'Reason', 'Details'], e.auditLog.map((a) => [
      formatDate(a.at), a.actor.displayName, a.action.toLowerCase().replace(/_/g, ' '), a.from === a.to ? a.to : `${a.from} → ${a.to}`, a.reason ?? '', h('span', { class: 'mono' }, a.details),
    ])),
    auditPager(app, e.slug, e.auditLog),
  ];
}
