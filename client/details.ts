import { cellPolygon } from '../geodata/grid';
import { fetchCellDetail } from './api';
import type { Requests } from './controller/request-sequencer';
import type { PreparedAnalysis } from './map/analysis-data';
import { cellFacts } from './map/cell-info';
import { renderCellDetails } from './panels/cell-details';
import { errorText } from './panels/dom';
import { SNAP_POINT_CAVEAT, pointFacts, pointTitle } from './panels/point-details';
import { monthsBetween } from './state/view-state';
import type { IncidentPoints } from './types';

/** A BNG rectangle's counts by category and month, in the details panel (the newest request wins). */
export interface Details {
  /** The analysis cell at grid index `index`: tooltip facts now, counts and trend when they arrive. */
  showCell(analysis: PreparedAnalysis, index: number): Promise<void>;
  /** Snap point i: its facts now, the monthly trend (from its 1 m square) when it arrives. */
  showPoint(points: IncidentPoints, i: number, analysis: PreparedAnalysis | null): Promise<void>;
}

export function createDetails(section: HTMLElement, container: HTMLElement, requests: Requests): Details {
  async function show(title: string, facts: Array<[string, string]>, period: string[], query: Record<string, string>, note?: string): Promise<void> {
    section.hidden = false;
    renderCellDetails(container, title, facts, period, 'Loading counts…', note);
    const outcome = await requests.request('details', () => fetchCellDetail(query));
    if (outcome.status === 'done') renderCellDetails(container, title, facts, period, outcome.value, note);
    if (outcome.status === 'failed') renderCellDetails(container, title, facts, period, `Counts could not be loaded: ${errorText(outcome.error)}`, note);
  }

  const periodOf = (analysis: PreparedAnalysis | null) => {
    const p = analysis?.response.period;
    return p?.from && p.to ? monthsBetween(p.from, p.to) : [];
  };

  return {
    showCell(analysis, index) {
      const { grid, response } = analysis;
      const [[minX, minY]] = cellPolygon(grid, index);
      const title = `${grid.cellSize} m cell at ${minX} E, ${minY} N (British National Grid)`;
      const query: Record<string, string> = { minX: String(minX), minY: String(minY), maxX: String(minX + grid.cellSize), maxY: String(minY + grid.cellSize) };
      if (response.period.from) query.from = response.period.from;
      if (response.period.to) query.to = response.period.to;
      query.categories = (response.parameters.categories as string[]).join(',');
      return show(title, cellFacts(analysis, analysis.lookup[index]!), periodOf(analysis), query);
    },
    showPoint(points, i, analysis) {
      const e = points.easting[i]!;
      const n = points.northing[i]!;
      const query: Record<string, string> = { minX: String(e), minY: String(n), maxX: String(e + 1), maxY: String(n + 1), categories: points.parameters.categories.join(',') };
      const period = periodOf(analysis);
      const from = points.parameters.from ?? period[0];
      const to = points.parameters.to ?? period.at(-1);
      if (from) query.from = from;
      if (to) query.to = to;
      const months = from && to ? monthsBetween(from, to) : period;
      return show(`${pointTitle(points, i)} (snap point at ${e} E, ${n} N)`, pointFacts(points, i).slice(1), months, query, SNAP_POINT_CAVEAT);
    },
  };
}
