/**
 * Building the page without a framework: elements from tags, properties and children. Text is
 * always set as text (never as HTML), so agreement texts, comments and names cannot become markup.
 */
/** What a view hands over: nodes, text, nothing (null, false) or lists of those, nested as the view likes. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];
/** Attributes (true: present, empty) and `on…` event handlers; nothing else has a text form an attribute could hold. */
type Props = Record<string, string | number | boolean | null | undefined | ((event: never) => unknown)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value as EventListener);
    else if (key === 'class') element.className = String(value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Element | DocumentFragment, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(typeof child === 'number' ? String(child) : (child as Node | string));
  }
}

/** Replaces an element's content with a view's output. */
export function draw(parent: Element, content: Child): void {
  const fragment = document.createDocumentFragment();
  append(fragment, [content]);
  parent.replaceChildren(fragment);
}

let counter = 0;
/** A page-unique id for labels and descriptions; stable names (`stable`) keep focus across re-renders. */
export const uid = (prefix: string, stable?: string): string => (stable ? `${prefix}-${stable}` : `${prefix}-${++counter}`);

export interface FieldOptions {
  label: string;
  name: string;
  type?: string;
  required?: boolean;
  hint?: string;
  value?: string;
  autocomplete?: string;
  min?: number;
  max?: number;
  maxlength?: number;
  /** Makes the id (and so the focus) survive a re-render. */
  id?: string;
}

/** A labelled input (or textarea with type 'textarea'), with an optional hint tied to it. */
export function field(options: FieldOptions): HTMLElement[] {
  const id = options.id ?? uid(options.name);
  const hintId = options.hint ? `${id}-hint` : undefined;
  const common = {
    id, name: options.name, required: options.required, 'aria-describedby': hintId, autocomplete: options.autocomplete, maxlength: options.maxlength,
  };
  const control = options.type === 'textarea'
    ? h('textarea', common, options.value ?? '')
    : h('input', { ...common, type: options.type ?? 'text', value: options.value, min: options.min, max: options.max });
  return [h('label', { for: id }, options.label), ...(options.hint ? [h('p', { class: 'hint', id: hintId }, options.hint)] : []), control];
}

/** A labelled select. */
export function select(options: { label: string; name: string; choices: [value: string, text: string][]; required?: boolean; id?: string; hint?: string; value?: string }): HTMLElement[] {
  const id = options.id ?? uid(options.name);
  const hintId = options.hint ? `${id}-hint` : undefined;
  return [
    h('label', { for: id }, options.label),
    ...(options.hint ? [h('p', { class: 'hint', id: hintId }, options.hint)] : []),
    h('select', { id, name: options.name, required: options.required, 'aria-describedby': hintId }, options.choices.map(([value, text]) => h('option', { value, selected: value === options.value }, text))),
  ];
}

/** A checkbox with its label around it. */
export function checkbox(options: { label: string; name: string; required?: boolean; id?: string; checked?: boolean }): HTMLElement {
  return h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: options.name, required: options.required, id: options.id, checked: options.checked }), options.label);
}

/** A control's value as typed (passwords: spaces count). */
export const rawValue = (form: HTMLFormElement, name: string): string => {
  const element = form.elements.namedItem(name);
  return element && 'value' in element ? String(element.value) : '';
};

export const value = (form: HTMLFormElement, name: string): string => rawValue(form, name).trim();

export const checked = (form: HTMLFormElement, name: string): boolean => {
  const element = form.elements.namedItem(name);
  return element instanceof HTMLInputElement && element.checked;
};

export const formatDate = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC' : '—');
