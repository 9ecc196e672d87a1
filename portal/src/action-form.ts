/**
 * A form that runs one action: submitted with its button or Enter, one run at a time, and an
 * error shown in words inside the form (role="alert", so it is read out), with the field it names
 * marked invalid and focused. On success the caller re-renders the page and announces the result.
 */
import type { ClientError } from '../../client';
import { draw, h, uid, type Child } from './dom';
import { errorWords } from './words';

export interface ActionFormOptions {
  /** The form's accessible name. */
  label: string;
  submit: string;
  fields?: Child[];
  buttonClass?: string;
  /** A stable id keeps the focus on this form's button across a re-render. */
  id?: string;
  /** An error to show, or nothing when the action succeeded. */
  run(form: HTMLFormElement): Promise<ClientError | undefined | void>;
}

/** An error in words: the message, what is missing, and the request id to report when it is ours. */
export function errorContent(error: ClientError): Child[] {
  const words = errorWords(error);
  return [
    h('p', {}, words.message),
    words.missing.length ? h('p', {}, 'Missing:') : null,
    words.missing.length ? h('ul', {}, words.missing.map((m) => h('li', {}, m))) : null,
    words.requestId ? h('p', { class: 'hint' }, `Request id: ${words.requestId}`) : null,
  ];
}

export function actionForm(options: ActionFormOptions): HTMLFormElement {
  const id = options.id ?? uid('form');
  const errorBox = h('div', { class: 'error', role: 'alert', id: `${id}-error` });
  const button = h('button', { type: 'submit', class: options.buttonClass, id: `${id}-submit` }, options.submit);
  const form = h('form', { 'aria-label': options.label, id }, ...(options.fields ?? []), button, errorBox);
  let running = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (running) return;
    running = true;
    // aria-busy rather than disabling the button: a disabled button would lose the keyboard focus.
    form.setAttribute('aria-busy', 'true');
    errorBox.replaceChildren();
    for (const marked of form.querySelectorAll('[aria-invalid]')) marked.removeAttribute('aria-invalid');
    options.run(form).then(
      (error) => error && showError(form, errorBox, error),
      (thrown: unknown) => draw(errorBox, h('p', {}, `Something went wrong in the portal: ${(thrown as Error)?.message ?? thrown}. Reload the page and try again.`)),
    ).finally(() => {
      running = false;
      form.removeAttribute('aria-busy');
    });
  });
  return form;
}

function showError(form: HTMLFormElement, box: HTMLElement, error: ClientError): void {
  draw(box, errorContent(error));
  const name = error.field?.split('.').pop();
  const target = name ? form.elements.namedItem(name) : null;
  if (target instanceof HTMLElement) {
    target.setAttribute('aria-invalid', 'true');
    target.focus();
  }
}
