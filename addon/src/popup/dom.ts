/** A few DOM helpers. Text goes in as text (textContent), never as HTML: it comes from the network. */
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}.`);
  return element as T;
}

export function show(id: string, visible: boolean): void {
  byId(id).hidden = !visible;
}

/** Replaces a list's items only when what they show changed, so a form open inside one survives unrelated updates. */
export function fill(id: string, key: unknown, items: () => Node[]): void {
  const list = byId(id);
  const signature = JSON.stringify(key);
  if (list.dataset.signature === signature) return;
  list.dataset.signature = signature;
  list.replaceChildren(...items());
}

/** A text field's value: '' when the form has no such field (these forms have no file inputs). */
export function textOf(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/** Shows a message (an error or a confirmation) in an element; empty hides it. */
export function say(id: string, text: string, kind: 'error' | 'ok' = 'error'): void {
  const element = byId(id);
  element.textContent = text;
  element.className = kind;
  element.hidden = !text;
}
