import type { Map as MapLibreMap } from 'maplibre-gl';
import type { GeoJSONStoreFeatures, TerraDraw } from 'terra-draw';
import type { Geometry } from './plan-api';

export type DrawMode = 'polygon' | 'point' | 'linestring';

export interface PlanDraw {
  /** Starts drawing one new shape; `onChange` fires when it is finished and at each later edit. */
  draw(mode: DrawMode): Promise<void>;
  /** Puts an existing geometry on the map, selected, for its vertices to be dragged. */
  edit(geometry: Geometry): Promise<void>;
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
  let shapeId: string | number | null = null;

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
      if (context.action !== 'draw') return onChange(current());
      shapeId = id;
      // Finished: edit it from now on (drag its vertices), and let no second shape start.
      terra!.setMode('select');
      terra!.selectFeature(id);
      onChange(current());
    });
    terra.on('change', (_ids, type) => {
      if (type === 'update' && shapeId !== null) onChange(current());
      if (type === 'delete' && shapeId !== null && !terra!.hasFeature(shapeId)) {
        shapeId = null;
        onChange(null);
      }
    });
    return terra;
  };

  const current = (): Geometry | null => {
    if (!terra || shapeId === null) return null;
    const feature = terra.getSnapshotFeature(shapeId);
    return feature ? (structuredClone(feature.geometry) as Geometry) : null;
  };

  const reset = () => {
    if (terra) terra.clear();
    shapeId = null;
  };

  return {
    async draw(mode) {
      const t = await ensure();
      reset();
      t.setMode(mode);
      onChange(null);
    },
    async edit(geometry) {
      const t = await ensure();
      reset();
      const mode = geometry.type === 'Point' ? 'point' : geometry.type === 'LineString' ? 'linestring' : 'polygon';
      // terra-draw edits single polygons; a multipolygon keeps its shape and is edited by upload.
      if (geometry.type === 'MultiPolygon') return;
      const [result] = t.addFeatures([{ type: 'Feature', geometry, properties: { mode } } as GeoJSONStoreFeatures]);
      if (!result?.valid) return;
      shapeId = result.id as string | number;
      t.setMode('select');
      t.selectFeature(shapeId);
    },
    geometry: current,
    stop() {
      if (!terra) return;
      terra.stop();
      terra = null;
      shapeId = null;
    },
  };
}
