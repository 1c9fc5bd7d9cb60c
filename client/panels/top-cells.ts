import { cellPolygon } from '../../geodata/grid';
import type { PreparedAnalysis } from '../map/analysis-data';
import { cellFacts } from '../map/cell-info';
import { el } from './dom';

/** How many cells the keyboard list offers. */
export const TOP_CELLS = 10;

/**
 * The grid indices of the analysis's most notable cells, in rank order: hot spots by Gi* z
 * (hot spots only), density by density, emerging patterns by the analysed value. Pure.
 */
export function topCells(analysis: PreparedAnalysis, limit = TOP_CELLS): number[] {
  const { cells } = analysis.response;
  const index = cells.index as number[];
  let score: (k: number) => number;
  let eligible: (k: number) => boolean;
  const r = analysis.response;
  if (r.analysis === 'hotspots') {
    const { z, bin } = r.cells;
    score = (k) => z[k] ?? -Infinity;
    eligible = (k) => (bin[k] ?? 0) > 0;
  } else if (r.analysis === 'density') {
    const { density } = r.cells;
    score = (k) => density[k] ?? 0;
    eligible = (k) => (density[k] ?? 0) > 0;
  } else {
    const { value, category } = r.cells;
    score = (k) => value[k] ?? 0;
    eligible = (k) => (category[k] ?? 0) !== 0;
  }
  return analysis.drawn
    .filter(eligible)
    .sort((a, b) => score(b) - score(a) || index[a]! - index[b]!)
    .slice(0, limit)
    .map((k) => index[k]!);
}

/**
 * The ranked cells as a list of buttons: the keyboard (and screen-reader) way to the same details
 * a mouse click on the map opens. Each button names the cell's class and counts.
 */
export function renderTopCells(list: HTMLOListElement, analysis: PreparedAnalysis | null, onOpen: (index: number) => void): void {
  if (!analysis) return void list.replaceChildren();
  const items = topCells(analysis).map((index, rank) => {
    const k = analysis.lookup[index]!;
    const facts = cellFacts(analysis, k);
    const { grid } = analysis;
    const [[minX, minY]] = cellPolygon(grid, index);
    const summary = facts.slice(0, 2).map(([term, value]) => (term === 'Class' || term === 'Pattern' ? value : `${term.toLowerCase()} ${value}`)).join(', ');
    // The name is the visible text (plus the rank, hidden as the list's numbers show it): an
    // aria-label differing from what is seen fails WCAG 2.5.3 Label in Name for voice users.
    const button = el(
      'button',
      { type: 'button', className: 'top-cell' },
      el('span', { className: 'visually-hidden' }, `Rank ${rank + 1}: `),
      el('span', { className: 'top-cell-summary' }, summary),
      el('span', { className: 'top-cell-where' }, `${grid.cellSize} m cell at ${minX} E, ${minY} N`),
    );
    button.dataset.cellIndex = String(index);
    button.addEventListener('click', () => onOpen(index));
    return el('li', {}, button);
  });
  list.replaceChildren(...items);
}

/**
 * The top-cells section, rebuilt only for a new analysis (or when the layer is shown or hidden),
 * so a focused button survives the other redraws (points, patrol zones).
 */
export function topCellsSection(section: HTMLElement, list: HTMLOListElement, onOpen: (analysis: PreparedAnalysis, index: number) => void): (analysis: PreparedAnalysis | null, hidden: boolean) => void {
  let shownKey = '';
  return (analysis, layerHidden) => {
    const hidden = !analysis || layerHidden;
    const key = `${analysis?.serial ?? 0}:${hidden}`;
    if (key === shownKey) return;
    shownKey = key;
    section.hidden = hidden;
    renderTopCells(list, analysis, (index) => {
      if (analysis) onOpen(analysis, index);
    });
  };
}
