import type { Map as MapLibreMap } from 'maplibre-gl';
import type { GeoJSONStoreFeatures, TerraDraw } from 'terra-draw';
import type { Geometry } from './plan-api';

export type DrawMode = 'polygon' | 'point' | 'linestring';

export interface PlanDraw {
  /** Starts drawing one new shape; `onChange` fires when it is finished and at each later edit. */
  draw(mode: DrawMode): Promise<void>;
  /**
   * Puts an existing geometry on the map for its vertices to be dragged: selected, or, for a
   * multipolygon, as one polygon per part (a click selects a part), merged back by `geometry()`.
   * Resolves once the shape is on the map; false when terra-draw refused it.
   */
  edit(geometry: Geometry): Promise<boolean>;
  /** The shape drawn or edited, or null while none is finished. */
  geometry(): Geometry | null;
  /** Removes the shape and gives the map back to panning and the analysis clicks. */
  stop(): void;
}

const COLOUR = '#b35806';
const editable = { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } } } as const;

/**
 * Drawing and editing one plan feature at a time on the MapLibre map with terra-draw (its
 * MapLibre adapter draws with MapLibre layers of its own, so deck.gl's overlay is untouched:
 * deck.gl's editable layers break with the interleaved overlay). Started only while an officer
 * draws, so map clicks go to the analysis otherwise; loaded then too, so the map's first
 * download does not carry it.
 */
export function createPlanDraw(map: MapLibreMap, onChange: (geometry: Geometry | null) => void): PlanDraw {
  let terra: TerraDraw | null = null;
  /** The shape being drawn or edited: one terra-draw feature, or a multipolygon's parts. */
  let shapeIds: Array<string | number> = [];
  let multi = false;
  /** The geometry last reported: selecting a shape updates its properties too, which is no change. */
  let reported = 'null';
  const notify = () => {
    const geometry = current();
    const key = JSON.stringify(geometry);
    if (key === reported) return;
    reported = key;
    onChange(geometry);
  };

  const ensure = async (): Promise<TerraDraw> => {
    if (terra) return terra;
    const [{ TerraDraw, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode, TerraDrawSelectMode }, { TerraDrawMapLibreGLAdapter }] = await Promise.all([import('terra-draw'), import('terra-draw-maplibre-gl-adapter')]);
    if (terra) return terra;
    terra = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 6 }),
      modes: [
        new TerraDrawPolygonMode({ styles: { fillColor: COLOUR, outlineColor: COLOUR, fillOpacity: 0.25, outlineWidth: 3, closingPointColor: COLOUR, closingPointWidth: 6 } }),
        new TerraDrawPointMode({ styles: { pointColor: COLOUR, pointWidth: 8 } }),
        new TerraDrawLineStringMode({ styles: { lineStringColor: COLOUR, lineStringWidth: 4, closingPointColor: COLOUR } }),
        new TerraDrawSelectMode({
          flags: { polygon: editable, linestring: editable, point: { feature: { draggable: true } } },
          styles: { selectedPolygonColor: COLOUR, selectedPolygonOutlineColor: COLOUR, selectedLineStringColor: COLOUR, selectedPointColor: COLOUR, selectionPointColor: COLOUR, midPointColor: COLOUR },
        }),
      ],
    });
    terra.start();
    terra.on('finish', (id, context) => {
      if (context.action !== 'draw') return notify();
      shapeIds = [id];
      multi = false;
      // Finished: edit it from now on (drag its vertices), and let no second shape start.
      terra!.setMode('select');
      terra!.selectFeature(id);
      notify();
    });
    terra.on('change', (ids, type) => {
      const ours = ids.some((id) => shapeIds.includes(id));
      if (type === 'update' && ours) notify();
      if (type === 'delete' && ours) {
        // Removed (the shape cleared): whatever parts are left are the shape; none, no shape.
        shapeIds = shapeIds.filter((id) => terra!.hasFeature(id));
        notify();
      }
    });
    return terra;
  };

  const current = (): Geometry | null => {
    if (!terra || !shapeIds.length) return null;
    const geometries = shapeIds.flatMap((id) => {
      const feature = terra!.getSnapshotFeature(id);
      return feature ? [structuredClone(feature.geometry) as Geometry] : [];
    });
    if (!multi) return geometries[0] ?? null;
    // The parts merged back, in their order: the server stores one MultiPolygon, as uploaded.
    const parts = geometries.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : []));
    return parts.length ? { type: 'MultiPolygon', coordinates: parts } : null;
  };

  const reset = () => {
    if (terra) terra.clear();
    shapeIds = [];
    multi = false;
    reported = 'null';
  };

  return {
    async draw(mode) {
      const t = await ensure();
      reset();
      t.setMode(mode);
      reported = 'null';
      onChange(null);
    },
    async edit(geometry) {
      const t = await ensure();
      reset();
      const mode = geometry.type === 'Point' ? 'point' : geometry.type === 'LineString' ? 'linestring' : 'polygon';
      // terra-draw has no multipolygons: each part becomes a polygon of its own while edited.
      const parts: Geometry[] = geometry.type === 'MultiPolygon' ? (geometry.coordinates as unknown[]).map((coordinates) => ({ type: 'Polygon', coordinates })) : [geometry];
      const results = t.addFeatures(parts.map((g) => ({ type: 'Feature', geometry: g, properties: { mode } }) as GeoJSONStoreFeatures));
      if (!results.length || results.some((r) => !r.valid)) {
        t.clear();
        return false;
      }
      shapeIds = results.map((r) => r.id as string | number);
      multi = geometry.type === 'MultiPolygon';
      t.setMode('select');
      // One part selected at a time (terra-draw's select mode); a click on another selects that.
      t.selectFeature(shapeIds[0]!);
      reported = JSON.stringify(current());
      return true;
    },
    geometry: current,
    stop() {
      if (!terra) return;
      terra.stop();
      terra = null;
      shapeIds = [];
      multi = false;
    },
  };
}
