/** The staff's actions on one experiment, one form each; every refusal (FAILED_PRECONDITION with what is missing, FORBIDDEN) is shown in words. */
import {
  CheckEntryCriterionDocument, RecordReviewDocument, ReleaseRevisionDocument, SetRolloutDocument, SignOffDocument, TransitionExperimentDocument,
  type ClientError, type EntryCriterion, type ExperimentDetailQuery, type ReviewDecision, type SignOffKind,
} from '../../../client';
import { actionForm } from '../action-form';
import type { App } from '../app';
import { field, select, value } from '../dom';
import { CRITERION_WORDS, SIGN_OFF_WORDS, transitionWords } from '../words';

export type Experiment = NonNullable<ExperimentDetailQuery['experiment']>;
type Gate = Experiment['gateStatus'][number];

const SIGN_OFF_KINDS: [SignOffKind, string][] = [
  ['SECURITY', 'entry'], ['PRIVACY', 'entry'], ['PRODUCT', 'entry'],
  ['QA', 'revision'], ['UX', 'revision'], ['INFRASEC', 'revision'],
  ['EXIT_UX', 'exit'], ['EXIT_PRODUCT', 'exit'], ['USER_DATA_REVIEW', 'exit'],
];
const REVISION_KINDS: SignOffKind[] = ['QA', 'UX', 'INFRASEC'];

/** Runs a staff mutation; on success says `done` and shows the experiment again. */
async function perform(app: App, request: Promise<{ ok: true } | { ok: false; error: ClientError }>, done: string) {
  const result = await request;
  if (!result.ok) return result.error;
  await app.refresh(done);
}

export function transitionForm(app: App, experiment: Experiment, gate: Gate): HTMLFormElement {
  const words = transitionWords(experiment.status, gate.to);
  const ending = gate.to === 'GRADUATED' || gate.to === 'KILLED';
  return actionForm({
    id: `move-${gate.to.toLowerCase()}`,
    label: words,
    submit: words,
    buttonClass: gate.to === 'KILLED' ? 'danger' : undefined,
    fields: field({
      label: gate.reasonRequired ? 'Reason' : 'Reason (optional)', name: 'reason', required: gate.reasonRequired, id: `move-${gate.to.toLowerCase()}-reason`,
      hint: ending ? 'Shown to the accounts that had the feature: write it for them.' : undefined,
    }),
    run: (form) => perform(app, app.request(TransitionExperimentDocument, { slug: experiment.slug, to: gate.to, reason: value(form, 'reason') || null }), `${experiment.name}: ${words.toLowerCase()} — done, it is ${gate.to} now.`),
  });
}

export function criterionForm(app: App, experiment: Experiment): HTMLFormElement | null {
  const open = experiment.entryCriteria.filter((c) => c.required && !c.checked);
  if (!open.length) return null;
  return actionForm({
    id: 'check-criterion',
    label: 'Check an entry criterion',
    submit: 'Mark as checked',
    fields: [
      ...select({ label: 'Entry criterion', name: 'criterion', id: 'criterion', choices: open.map((c): [string, string] => [c.criterion, CRITERION_WORDS[c.criterion]]) }),
      ...field({ label: 'Note (optional)', name: 'note', id: 'criterion-note' }),
    ],
    run: (form) => perform(app, app.request(CheckEntryCriterionDocument, { slug: experiment.slug, criterion: value(form, 'criterion') as EntryCriterion, note: value(form, 'note') || null }), `Entry criterion checked: ${CRITERION_WORDS[value(form, 'criterion') as EntryCriterion]}.`),
  });
}

export function signOffForm(app: App, experiment: Experiment): HTMLFormElement {
  return actionForm({
    id: 'sign-off',
    label: 'Sign off',
    submit: 'Sign off',
    fields: [
      ...select({ label: 'Sign-off', name: 'kind', id: 'sign-off-kind', choices: SIGN_OFF_KINDS.map(([kind, gate]): [string, string] => [kind, `${SIGN_OFF_WORDS[kind]} (${gate})`]) }),
      ...field({ label: 'Revision', name: 'revision', id: 'sign-off-revision', hint: 'Only for the QA, UX and infrastructure security sign-offs: the revision version they approve, e.g. 1.0.0.' }),
      ...field({ label: 'Comment (optional)', name: 'comment', id: 'sign-off-comment' }),
    ],
    run: (form) => {
      const kind = value(form, 'kind') as SignOffKind;
      const revision = REVISION_KINDS.includes(kind) ? value(form, 'revision') || null : null;
      return perform(app, app.request(SignOffDocument, { slug: experiment.slug, kind, revision, comment: value(form, 'comment') || null }),
        `Signed off: ${SIGN_OFF_WORDS[kind]}${revision ? ` for revision ${revision}` : ''}.`);
    },
  });
}

export function releaseForm(app: App, experiment: Experiment): HTMLFormElement {
  return actionForm({
    id: 'release',
    label: 'Release a revision',
    submit: 'Release the revision',
    fields: [
      ...field({ label: 'Version', name: 'version', required: true, id: 'release-version', hint: 'Dotted numbers, higher than every released version, e.g. 1.1.0. Needs standing QA, UX and infrastructure security sign-offs for it.' }),
      ...field({ label: 'Add-on download URL', name: 'url', type: 'url', required: true, id: 'release-url', hint: 'https' }),
      ...field({ label: 'SHA-256 of the add-on file', name: 'sha256', required: true, id: 'release-sha256', hint: '64 lower-case hex digits.' }),
      ...field({ label: 'Release notes (optional)', name: 'notes', type: 'textarea', id: 'release-notes' }),
    ],
    run: (form) => perform(app, app.request(ReleaseRevisionDocument, {
      slug: experiment.slug,
      input: { version: value(form, 'version'), url: value(form, 'url'), sha256: value(form, 'sha256'), notes: value(form, 'notes') || null },
    }), `Revision ${value(form, 'version')} released.`),
  });
}

export function rolloutForm(app: App, experiment: Experiment): HTMLFormElement {
  return actionForm({
    id: 'rollout',
    label: 'Change the rollout',
    submit: 'Set the rollout',
    fields: field({ label: 'Rollout (percent of accounts)', name: 'percent', type: 'number', min: 0, max: 100, required: true, value: String(experiment.rolloutPercent), id: 'rollout-percent', hint: 'Sticky: raising it keeps everyone already in.' }),
    run: (form) => perform(app, app.request(SetRolloutDocument, { slug: experiment.slug, percent: Number(value(form, 'percent')) }), `Rollout set to ${value(form, 'percent')} %.`),
  });
}

export function reviewForm(app: App, experiment: Experiment): HTMLFormElement {
  return actionForm({
    id: 'review',
    label: 'Record the monthly review',
    submit: 'Record the review',
    fields: [
      ...select({ label: 'Decision', name: 'decision', id: 'review-decision', choices: [['CONTINUE', 'Continue'], ['ITERATE', 'Iterate'], ['KILL', 'Kill (ends the experiment now)']] }),
      ...field({ label: 'Notes', name: 'notes', type: 'textarea', required: true, id: 'review-notes' }),
    ],
    run: (form) => perform(app, app.request(RecordReviewDocument, { slug: experiment.slug, decision: value(form, 'decision') as ReviewDecision, notes: value(form, 'notes') }), 'Monthly review recorded.'),
  });
}
