/** Creates an element with properties and children: the panels build their DOM with this. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** A definition list of facts (term, value), the panels' standard key-value display (`className` '' for the tooltip's). */
export function factsList(facts: ReadonlyArray<readonly [string, string]>, className = 'facts'): HTMLDListElement {
  return el('dl', { className }, ...facts.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

/** A labelled field: label text beside an input or select. */
export function field(id: string, label: string, control: HTMLInputElement | HTMLSelectElement, hint?: string): HTMLDivElement {
  control.id = id;
  const row = el('div', { className: 'field' }, el('label', { htmlFor: id }, label), control);
  if (hint) {
    const h = el('span', { className: 'hint', id: `${id}-hint` }, hint);
    control.setAttribute('aria-describedby', h.id);
    return el('div', {}, row, h);
  }
  return row;
}

/** A radio button or checkbox with its label (and an optional hint) in one clickable row. */
export function choice(type: 'radio' | 'checkbox', name: string, value: string, label: string, hint?: string): HTMLLabelElement {
  const row = el('label', { className: 'choice' }, el('input', { type, name, value }), el('span', {}, label));
  if (hint) row.append(el('span', { className: 'hint' }, hint));
  return row;
}

/** A group of controls under a legend. */
export function fieldset(legend: string, ...children: Node[]): HTMLFieldSetElement {
  return el('fieldset', {}, el('legend', {}, legend), ...children);
}

/**
 * A table in a box that scrolls sideways on narrow screens. Focusable and named after the table,
 * so keyboard users can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function scrollBox(table: HTMLTableElement, label = table.caption?.textContent ?? 'Table'): HTMLDivElement {
  const box = el('div', { className: 'table-scroll', tabIndex: 0 }, table);
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', label);
  return box;
}

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A show/hide button for `target`: a click toggles `className` on it, with the button's
 * aria-expanded and its text following. Returns the setter, for the caller's own opening rules.
 */
export function disclosure(target: HTMLElement, className: string, toggle: HTMLButtonElement, text: { open: string; closed: string }): (open: boolean) => void {
  const set = (open: boolean) => {
    target.classList.toggle(className, open);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? text.open : text.closed;
  };
  toggle.addEventListener('click', () => set(!target.classList.contains(className)));
  return set;
}
