import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { lonLatToBng } from '../../geodata/bng';
import type { Details } from '../details';
import { factsList } from '../panels/dom';
import { SNAP_POINT_CAVEAT, pointFacts } from '../panels/point-details';
import type { Store } from '../state/store';
import type { LayerData } from './build-layers';
import { cellFacts } from './cell-info';
import { cellIndexAt } from './cell-grid';
import { pointAt, pointSearchRadius } from './point-at';

export interface InteractionContext {
  map: MapLibreMap;
  store: Store;
  data: LayerData;
  tooltip: HTMLElement;
  details: Details;
  /** A plan feature under the pointer (drawn over the cells): its facts, and what a click on it does. */
  planAt?: (x: number, y: number) => { facts: Array<[string, string]>; select(): void } | null;
  /** True while the map's clicks belong to something else (a plan shape being drawn). */
  suspended?: () => boolean;
}

/** The tooltip's definition list: without the panels' `facts` class (light text on its dark box). */
const tooltipList = (facts: Array<[string, string]>) => factsList(facts, '');

type Target = { kind: 'point'; i: number } | { kind: 'cell'; index: number } | { kind: 'plan'; facts: Array<[string, string]>; select(): void } | null;

/**
 * Hover tooltips and click details for what is under the pointer: a snap-point marker first (they
 * are drawn on top), else the analysis cell, found by arithmetic on the server's BNG grid.
 */
export function wireMapInteraction({ map, store, data, tooltip, details, planAt, suspended }: InteractionContext): void {
  const targetAt = (e: MapMouseEvent): Target => {
    if (suspended?.()) return null;
    const state = store.get();
    const plan = planAt?.(e.point.x, e.point.y);
    if (plan) return { kind: 'plan', ...plan };
    if (data.points && !state.hidden.includes('points')) {
      const r = pointSearchRadius(data.points);
      const corners = [[-r, -r], [r, -r], [r, r], [-r, r]].map(([dx, dy]) => map.unproject([e.point.x + dx!, e.point.y + dy!]));
      const near = [
        Math.min(...corners.map((c) => c.lng)), Math.min(...corners.map((c) => c.lat)),
        Math.max(...corners.map((c) => c.lng)), Math.max(...corners.map((c) => c.lat)),
      ] as const;
      const i = pointAt(data.points, (lon, lat) => map.project([lon, lat]), e.point.x, e.point.y, near);
      if (i >= 0) return { kind: 'point', i };
    }
    const analysis = data.analysis;
    if (!analysis || state.hidden.includes('analysis')) return null;
    const [x, y] = lonLatToBng(e.lngLat.lng, e.lngLat.lat);
    const index = cellIndexAt(analysis.grid, x, y);
    return index >= 0 && analysis.lookup[index]! >= 0 ? { kind: 'cell', index } : null;
  };

  map.on('mousemove', (e) => {
    const target = targetAt(e);
    if (!target) return void (tooltip.hidden = true);
    if (target.kind === 'point') {
      const caveat = document.createElement('p');
      caveat.className = 'tooltip-caveat';
      caveat.textContent = SNAP_POINT_CAVEAT;
      tooltip.replaceChildren(tooltipList(pointFacts(data.points!, target.i)), caveat);
    } else if (target.kind === 'plan') {
      tooltip.replaceChildren(tooltipList(target.facts));
    } else {
      tooltip.replaceChildren(tooltipList(cellFacts(data.analysis!, data.analysis!.lookup[target.index]!)));
    }
    tooltip.hidden = false;
    const { width, height } = map.getContainer().getBoundingClientRect();
    const left = Math.min(e.point.x + 14, width - tooltip.offsetWidth - 4);
    const top = Math.min(e.point.y + 14, height - tooltip.offsetHeight - 4);
    tooltip.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, top)}px)`;
  });
  map.getCanvas().addEventListener('mouseleave', () => (tooltip.hidden = true));

  map.on('click', (e) => {
    const target = targetAt(e);
    if (target?.kind === 'plan') target.select();
    else if (target?.kind === 'point') void details.showPoint(data.points!, target.i, data.analysis);
    else if (target?.kind === 'cell') void details.showCell(data.analysis!, target.index);
  });
}
