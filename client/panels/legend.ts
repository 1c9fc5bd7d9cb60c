import { cssColour, edgeColour } from '../map/palettes';
import type { LegendSection } from './legend-model';

/** Renders the legend sections into the on-map legend box. */
export function renderLegend(container: HTMLElement, sections: LegendSection[]): void {
  container.replaceChildren();
  container.hidden = sections.length === 0;
  for (const section of sections) {
    const box = document.createElement('section');
    box.className = 'legend-section';
    box.dataset.legend = section.id;
    const title = document.createElement('h2');
    title.textContent = section.title;
    const caption = document.createElement('p');
    caption.className = 'legend-caption';
    caption.textContent = section.caption;
    const list = document.createElement('ul');
    for (const item of section.items) {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `swatch swatch-${item.swatch}`;
      swatch.setAttribute('aria-hidden', 'true');
      if (item.swatch === 'line' || item.swatch === 'dash') swatch.style.borderColor = cssColour(item.colour);
      else swatch.style.background = cssColour(item.colour, item.alpha);
      // The cells' edge on the map (palettes.ts edgeColour), so the swatch reads as the symbol does.
      if (item.swatch === 'fill') swatch.style.borderColor = cssColour(edgeColour(item.colour));
      if (item.swatch === 'zone') swatch.style.border = `2px solid ${cssColour(item.colour)}`;
      swatch.dataset.colour = item.colour.join(',');
      const text = document.createElement('span');
      text.className = 'legend-label';
      text.textContent = item.label;
      li.append(swatch, text);
      if (item.description) {
        const d = document.createElement('span');
        d.className = 'legend-description';
        d.textContent = item.description;
        text.append(d);
      }
      list.append(li);
    }
    box.append(title, caption, list);
    container.append(box);
  }
}
