import type { Map as MapLibreMap } from 'maplibre-gl';
import { fetchSnapPointTile } from '../api';
import type { Requests } from '../controller/request-sequencer';
import { errorText } from '../panels/dom';
import { type ViewState, pointsQuery, selectedCategories } from '../state/view-state';
import type { IncidentPoints } from '../types';
import { STREET_ZOOM } from './build-layers';
import { type TileAddress, type TileSnapPoint, decodeSnapPointTile, mergeSnapPointTiles, tilesBox, tilesCovering } from './snap-point-tiles';

/**
 * Most tiles loaded for one view: a 4K screen at zoom 14 touches up to 9 × 6 = 54 of them. A
 * larger view loads the tiles nearest its centre and says so (`truncated`).
 */
const MAX_TILES = 64;
/** Decoded tiles kept for panning back and forth (a few screens' worth, a few KB each). */
const CACHE_TILES = 256;

export interface PointsCallbacks {
  /** New points to draw, or null to draw none (zoomed out, layer hidden, or a failure). */
  onPoints: (points: IncidentPoints | null) => void;
  onError: (message: string) => void;
}

/** The sequencer key of the points request (all of a view's tile fetches together). */
const POINTS_REQUEST = 'points';

const tileKey = (t: TileAddress) => `${t.z}/${t.x}/${t.y}`;

/**
 * Keeps the snap-point layer's data in step with the camera and the filters: nothing below
 * STREET_ZOOM; otherwise the snap-point vector tiles covering the view (measured faster to fetch
 * and decode than the points JSON: docs/client-architecture.md), merged into the points JSON's
 * shape. Decoded tiles are cached per filters, so a pan fetches only the tiles it uncovers; the
 * request covering a view is one sequenced request (a newer view aborts it).
 */
export class PointsLoader {
  /** The filters the cache holds tiles for, and the tile set last drawn. */
  private filters = '';
  private shownTiles: string | null = null;
  private readonly cache = new Map<string, TileSnapPoint[]>();

  constructor(private readonly map: MapLibreMap, private readonly requests: Requests, private readonly callbacks: PointsCallbacks) {}

  async update(state: ViewState): Promise<void> {
    if (state.hidden.includes('points') || this.map.getZoom() < STREET_ZOOM) {
      this.requests.cancel(POINTS_REQUEST);
      if (this.shownTiles !== null) this.callbacks.onPoints(null);
      this.shownTiles = null;
      return;
    }
    const b = this.map.getBounds();
    const { tiles, truncated } = tilesCovering([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], this.map.getZoom(), MAX_TILES);
    const query = pointsQuery(state);
    const filters = new URLSearchParams(query).toString();
    if (filters !== this.filters) {
      this.cache.clear();
      this.filters = filters;
      this.shownTiles = null;
    }
    const wanted = tiles.map(tileKey).join(' ');
    if (this.shownTiles === wanted) return this.requests.cancel(POINTS_REQUEST);

    const outcome = await this.requests.request(POINTS_REQUEST, (signal) => this.load(tiles, query, signal));
    if (outcome.status === 'stale') return;
    if (outcome.status === 'failed') {
      this.shownTiles = null;
      this.callbacks.onPoints(null);
      return this.callbacks.onError(errorText(outcome.error));
    }
    // The cache may have been cleared by a filter change while this request ran: then it is stale.
    if (filters !== this.filters) return;
    const parameters = { preset: state.preset ?? null, categories: [...selectedCategories(state)], from: state.from ?? null, to: state.to ?? null, districts: [...state.districts].sort() };
    this.shownTiles = wanted;
    this.callbacks.onPoints(mergeSnapPointTiles(outcome.value, { bbox: tilesBox(tiles), parameters, truncated }));
  }

  /** The view's tiles, decoded: from the cache, the rest fetched together (as a map library does). */
  private async load(tiles: TileAddress[], query: Record<string, string>, signal: AbortSignal): Promise<TileSnapPoint[][]> {
    const filters = this.filters;
    const decoded = await Promise.all(
      tiles.map(async (t) => this.cache.get(tileKey(t)) ?? decodeSnapPointTile(await fetchSnapPointTile(t, query, signal), t)),
    );
    if (filters === this.filters) tiles.forEach((t, i) => this.remember(tileKey(t), decoded[i]!));
    return decoded;
  }

  /** Keeps a decoded tile, evicting the least recently used beyond CACHE_TILES. */
  private remember(key: string, points: TileSnapPoint[]): void {
    this.cache.delete(key);
    this.cache.set(key, points);
    if (this.cache.size > CACHE_TILES) this.cache.delete(this.cache.keys().next().value!);
  }
}
