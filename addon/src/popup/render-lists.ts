/** The popup's lists: enabled features (with what the browser fetches and verifies), features off for now, ended ones, news. */
import type { AddonState, EndedView, FeatureView } from '../shared/state';
import { endedWords, suspensionWords } from '../rules/words';
import { h, fill, show } from './dom';
import { feedbackForm } from './feedback';

function featureItem(feature: FeatureView): HTMLLIElement {
  return h('li', { class: 'feature', 'data-slug': feature.slug },
    h('h3', {}, feature.slug, ' ', h('span', { class: 'tier' }, feature.tier)),
    h('p', {}, `Revision ${feature.version} · add-on `, h('code', {}, feature.addonId)),
    h('p', { class: 'install' },
      'Your browser fetches ', h('a', { href: feature.url, target: '_blank', rel: 'noreferrer', class: 'url' }, feature.url),
      ' and installs it only if its SHA-256 is ', h('code', { class: 'sha256' }, feature.sha256), '.'),
    feedbackForm(feature));
}

function endedItem(feature: EndedView): HTMLLIElement {
  return h('li', { class: `ended ${feature.outcome.toLowerCase()}`, 'data-slug': feature.slug, 'data-outcome': feature.outcome },
    h('p', { class: 'words' }, endedWords(feature)),
    feature.outcome === 'KILLED' && feature.addonId ? h('p', { class: 'remove' }, 'Your browser removes the add-on ', h('code', {}, feature.addonId), '.') : null,
    h('p', { class: 'when' }, `Ended ${new Date(feature.endedAt).toLocaleString()}`));
}

export function renderLists(state: AddonState): void {
  const signedIn = state.signedIn;
  show('features', signedIn);
  show('features-unavailable', state.featuresUnavailable);
  show('no-features', signedIn && !!state.account && !state.features.length);
  fill('feature-list', state.features, () => state.features.map(featureItem));

  show('suspended', signedIn && state.suspended.length > 0);
  fill('suspended-list', state.suspended, () => state.suspended.map((f) =>
    h('li', { 'data-slug': f.slug, 'data-reason': f.reason }, h('strong', {}, f.slug), ' — ', suspensionWords(f.reason))));

  show('ended', signedIn && state.ended.length > 0);
  fill('ended-list', state.ended, () => state.ended.map(endedItem));

  show('notices', state.notices.length > 0);
  fill('notice-list', state.notices, () => state.notices.map((n) => h('li', { class: n.kind, 'data-slug': n.slug }, n.text)));
}
