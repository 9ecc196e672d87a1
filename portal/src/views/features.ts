/** The features the account has (with their add-on revision, opt-out and feedback) and the live experiments it does not get (why, and opt in / out). */
import { OptInDocument, OptOutDocument, type MyAccountQuery } from '../../../client';
import { actionForm } from '../action-form';
import type { App } from '../app';
import { h, type Child } from '../dom';
import { offeredChoice } from '../enrollment-rule';
import { SUSPENSION_WORDS } from '../words';
import { feedbackForm } from './feedback-form';

type Me = NonNullable<MyAccountQuery['me']>;

const tierTag = (tier: string) => h('span', { class: 'tag' }, tier === 'EXPERIMENTAL' ? 'experimental' : 'beta');

function choiceForm(app: App, choice: 'optIn' | 'optOut', experiment: { slug: string; name: string }): HTMLFormElement {
  const optIn = choice === 'optIn';
  return actionForm({
    id: `${optIn ? 'opt-in' : 'opt-out'}-${experiment.slug}`,
    label: `${optIn ? 'Opt into' : 'Opt out of'} ${experiment.name}`,
    submit: `${optIn ? 'Opt into' : 'Opt out of'} ${experiment.name}`,
    buttonClass: optIn ? undefined : 'secondary',
    run: async () => {
      const result = optIn
        ? await app.request(OptInDocument, { experiment: experiment.slug })
        : await app.request(OptOutDocument, { experiment: experiment.slug });
      if (!result.ok) return result.error;
      await app.refresh(optIn ? `You opted into ${experiment.name}.` : `You opted out of ${experiment.name}; it is removed from your features.`);
    },
  });
}

const unavailable = (what: string) => h('p', { class: 'notice' }, `${what} could not be loaded just now. Nothing was lost; reload the page in a moment.`);

export function featuresSection(app: App, me: Me): Child[] {
  const enabled = me.enabledFeatures;
  const suspended = me.suspendedFeatures;
  return [
    h('h2', {}, 'Your features'),
    enabled === null ? unavailable('Your features') : null,
    enabled?.length === 0 ? h('p', {}, 'No beta feature is enabled for you right now. Opt into an experiment below.') : null,
    enabled?.length
      ? h('ul', { class: 'cards', 'aria-label': 'Your features' }, enabled.map((feature) => h('li', { id: `feature-${feature.slug}` },
        h('h3', {}, feature.name, tierTag(feature.tier)),
        h('p', {}, 'Add-on ', h('span', { class: 'mono' }, feature.revision.addonId), `, revision ${feature.revision.version}`),
        choiceForm(app, 'optOut', feature),
        feedbackForm(app, me.id, feature),
      )))
      : null,
    h('h2', {}, 'Experiments you can join'),
    suspended === null ? unavailable('The experiments') : null,
    suspended?.length === 0 ? h('p', {}, 'No other experiment is live right now.') : null,
    suspended?.length
      ? h('ul', { class: 'cards', 'aria-label': 'Experiments you can join' }, suspended.map((feature) => h('li', { id: `experiment-${feature.slug}` },
        h('h3', {}, feature.name, tierTag(feature.tier)),
        h('p', {}, feature.experiment.description),
        h('p', {}, h('strong', {}, 'Why you do not have it: '), SUSPENSION_WORDS[feature.reason]),
        choiceForm(app, offeredChoice(feature.reasons), feature),
      )))
      : null,
  ];
}
