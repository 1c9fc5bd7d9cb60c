import type { Map as MapLibreMap } from 'maplibre-gl';
import { fetchIncidentPoints } from '../api';
import type { Requests } from '../controller/request-sequencer';
import { errorText } from '../panels/dom';
import { type ViewState, pointsQuery } from '../state/view-state';
import type { IncidentPoints } from '../types';
import { STREET_ZOOM } from './build-layers';

/** The server answers boxes up to 250 km² (server/routes/incident-points.ts); stay under it with margin. */
const MAX_REQUEST_KM2 = 200;
/** Fetch a margin around the view, so small pans need no new request. */
const MARGIN = 0.3;

type Box = [number, number, number, number];

const areaKm2 = ([w, s, e, n]: Box) => (e - w) * 111.32 * Math.cos((((s + n) / 2) * Math.PI) / 180) * (n - s) * 110.574;
const contains = (outer: Box, inner: Box) => outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];

/** A very large screen at street zoom: the centre of the view, as much as the server answers. */
function shrinkTo(box: Box, km2: number): Box {
  const area = areaKm2(box);
  if (area <= km2) return box;
  const f = Math.sqrt(km2 / area) / 2;
  const [cx, cy] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
  const [hw, hh] = [(box[2] - box[0]) * f, (box[3] - box[1]) * f];
  return [cx - hw, cy - hh, cx + hw, cy + hh];
}

export interface PointsCallbacks {
  /** New points to draw, or null to draw none (zoomed out, layer hidden, or a failure). */
  onPoints: (points: IncidentPoints | null) => void;
  onError: (message: string) => void;
}

/** The sequencer key of the points request. */
const POINTS_REQUEST = 'points';

/**
 * Keeps the snap-point layer's data in step with the camera and the filters: nothing below
 * STREET_ZOOM; otherwise the view plus a margin, refetched only when the view leaves what was
 * fetched (or the filters change), one request in flight.
 */
export class PointsLoader {
  private loaded: { filters: string; box: Box; truncated: boolean } | null = null;
  private shown = false;

  constructor(private readonly map: MapLibreMap, private readonly requests: Requests, private readonly callbacks: PointsCallbacks) {}

  async update(state: ViewState): Promise<void> {
    if (state.hidden.includes('points') || this.map.getZoom() < STREET_ZOOM) {
      this.requests.cancel(POINTS_REQUEST);
      if (this.shown) this.callbacks.onPoints(null);
      this.shown = false;
      return;
    }
    const b = this.map.getBounds();
    const view: Box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    const filters = new URLSearchParams(pointsQuery(state)).toString();
    if (this.shown && this.loaded && this.loaded.filters === filters && !this.loaded.truncated && contains(this.loaded.box, view)) return;
    const dx = (view[2] - view[0]) * MARGIN;
    const dy = (view[3] - view[1]) * MARGIN;
    const padded: Box = [view[0] - dx, view[1] - dy, view[2] + dx, view[3] + dy];
    const box = areaKm2(padded) <= MAX_REQUEST_KM2 ? padded : shrinkTo(view, MAX_REQUEST_KM2);
    const bbox = box.map((v) => v.toFixed(6)).join(',');
    const outcome = await this.requests.request(POINTS_REQUEST, (signal) => fetchIncidentPoints({ ...pointsQuery(state), bbox }, signal));
    if (outcome.status === 'stale') return;
    if (outcome.status === 'failed') {
      this.loaded = null;
      this.shown = false;
      this.callbacks.onPoints(null);
      return this.callbacks.onError(errorText(outcome.error));
    }
    const points = outcome.value;
    this.loaded = { filters, box: points.bbox as Box, truncated: points.truncated };
    this.shown = true;
    this.callbacks.onPoints(points);
  }
}
