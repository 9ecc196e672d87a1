/** An agreement's text: shown as text (markdown, never rendered as HTML) in a scrollable region the keyboard can reach. */
import { h } from '../dom';
import { versionWords } from '../words';

export function agreementText(title: string, version: string, text: string): HTMLElement {
  return h('div', { class: 'text', tabindex: 0, role: 'region', 'aria-label': `${title}, ${versionWords(version)}` }, text);
}
