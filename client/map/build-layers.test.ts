import type { Layer } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import { patrolPreview } from '../state/patrol-state';
import { DEFAULT_STATE, type ViewState } from '../state/view-state';
import { DISTRICTS, PATROL_ZONES, densityResponse, hotspotsResponse, incidentPoints, layerData, prepared } from '../test-support/layer-fixtures';
import { LAYER_IDS, buildLayers, cellColour, cellDrawing, cellsAtStreetLevel, metresPerPixel, pointRadius } from './build-layers';
import { CELL_ALPHA, CELL_EDGE_MIN_PIXELS, CELL_EDGE_PX, DENSITY_COLOURS, HOTSPOT_COLOURS, PATROL_SELECTED_CASING, PATROL_SELECTED_CASING_PX, STREET_CELL_ALPHA, STREET_CELL_OUTLINE_PX, PATROL_SELECTED_LINE_PX, PATROL_LINE_PX, edgeColour } from './palettes';

const state = (change: Partial<ViewState> = {}): ViewState => ({ ...DEFAULT_STATE, ...change });
const ids = (layers: Layer[]) => layers.map((l) => l.id);
const byId = (layers: Layer[], id: string) => {
  const layer = layers.find((l) => l.id === id);
  if (!layer) throw new Error(`no layer ${id} in ${ids(layers).join(', ')}`);
  return layer;
};
// deck.gl accessors are typed per layer; the tests call them with the datum and no context.
type Accessor = (datum: unknown) => unknown;
const accessor = (layer: Layer, prop: string) => (layer.props as unknown as Record<string, Accessor>)[prop]!;

describe('buildLayers', () => {
  it('before any data: an empty, hidden cells layer, the districts and their labels, no points', () => {
    const layers = buildLayers(state(), layerData());
    expect(ids(layers)).toEqual([LAYER_IDS.cells, LAYER_IDS.districts, LAYER_IDS.patrol, LAYER_IDS.labels]);
    expect(byId(layers, LAYER_IDS.cells).props.data).toEqual([]);
    expect(byId(layers, LAYER_IDS.cells).props.visible).toBe(false);
    expect(byId(layers, LAYER_IDS.patrol).props.visible).toBe(false);
    expect(byId(layers, LAYER_IDS.districts).props.data).toBe(DISTRICTS);
    expect(byId(layers, LAYER_IDS.labels).props.data).toBe(DISTRICTS.features);
  });

  it('creates no district layers until they are ready (their shaders would delay the first analysis)', () => {
    const layers = buildLayers(state(), layerData({ districtsReady: false }));
    expect(ids(layers)).toEqual([LAYER_IDS.cells, LAYER_IDS.patrol]);
  });

  it('draws the significant Gi* cells only, coloured by bin, as their BNG squares', () => {
    const analysis = prepared(hotspotsResponse());
    const cells = byId(buildLayers(state(), layerData({ analysis })), LAYER_IDS.cells);
    // Positions 0, 4 and 5 have bins 3, 1 and −2; the others are not significant.
    expect(cells.props.data).toEqual([0, 4, 5]);
    expect(cells.props.visible).toBe(true);
    const fill = accessor(cells, 'getFillColor');
    expect(fill(0)).toEqual([...HOTSPOT_COLOURS[3]!, CELL_ALPHA]);
    expect(fill(4)).toEqual([...HOTSPOT_COLOURS[1]!, CELL_ALPHA]);
    expect(fill(5)).toEqual([...HOTSPOT_COLOURS[-2]!, CELL_ALPHA]);
    // Cell 4 is row 1, col 1: a closed ring of five corners from its south-west corner.
    const ring = accessor(cells, 'getPolygon')(4) as Array<[number, number]>;
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(ring[0]![0]).toBeLessThan(ring[1]![0]);
    expect(ring[1]![1]).toBeLessThan(ring[2]![1]);
  });

  it('colours density classes with the darkest colours when there are fewer classes than colours', () => {
    const analysis = prepared(densityResponse());
    expect(analysis.breaks).toEqual([16, 32, 48, 64]);
    // Four classes use the last four of the six colours: 16 per km² is the lightest of them.
    expect(cellColour(analysis, 0)).toEqual([...DENSITY_COLOURS[2]!, CELL_ALPHA]);
    expect(cellColour(analysis, 4)).toEqual([...DENSITY_COLOURS[5]!, CELL_ALPHA]);
    expect(cellColour(analysis, 1)).toEqual([0, 0, 0, 0]);
    expect(byId(buildLayers(state({ mode: 'density' }), layerData({ analysis })), LAYER_IDS.cells).props.data).toEqual([0, 2, 3, 4]);
  });

  it('keeps hidden layers in the list, switched off', () => {
    const analysis = prepared(hotspotsResponse());
    const layers = buildLayers(state({ hidden: ['analysis', 'districts'] }), layerData({ analysis }));
    expect(byId(layers, LAYER_IDS.cells).props.visible).toBe(false);
    expect(byId(layers, LAYER_IDS.districts).props.visible).toBe(false);
    expect(byId(layers, LAYER_IDS.labels).props.visible).toBe(false);
  });

  it('draws snap points as markers sized by count, with counts printed only where more than one', () => {
    const layers = buildLayers(state(), layerData({ points: incidentPoints() }));
    expect(ids(layers)).toEqual([LAYER_IDS.cells, LAYER_IDS.points, LAYER_IDS.pointCounts, LAYER_IDS.districts, LAYER_IDS.patrol, LAYER_IDS.labels]);
    const markers = byId(layers, LAYER_IDS.points);
    expect(markers.props.data).toEqual([0, 1, 2]);
    expect(accessor(markers, 'getPosition')(1)).toEqual([-0.08, 51.42]);
    expect(accessor(markers, 'getRadius')(1)).toBe(pointRadius(4));
    expect(pointRadius(4)).toBe(9); // 4 + 2.5·log2(4)
    const counts = byId(layers, LAYER_IDS.pointCounts);
    expect(counts.props.data).toEqual([1, 2]);
    expect(accessor(counts, 'getText')(1)).toBe('4');
    const hidden = buildLayers(state({ hidden: ['points'] }), layerData({ points: incidentPoints() }));
    expect(byId(hidden, LAYER_IDS.points).props.visible).toBe(false);
  });

  it('draws previewed patrol zones with the selected one last and outlined wider', () => {
    const patrol = patrolPreview(PATROL_ZONES, 'z1');
    const layer = byId(buildLayers(state(), layerData({ patrol })), LAYER_IDS.patrol);
    expect(layer.props.visible).toBe(true);
    const features = (layer.props.data as typeof PATROL_ZONES).features;
    expect(features.map((f) => f.properties.id)).toEqual(['z2', 'z1']);
    expect(accessor(layer, 'getLineWidth')(features[1])).toBe(PATROL_SELECTED_LINE_PX);
    expect(accessor(layer, 'getLineWidth')(features[0])).toBe(PATROL_LINE_PX);
  });
});

describe('cells at street level', () => {
  it('knows MapLibre\'s ground resolution: 156 km per 512-pixel tile at zoom 0 on the equator', () => {
    expect(metresPerPixel(0, 0) * 512).toBeCloseTo(40_075_016.686, 3);
    // Blackpool (53.8° N) at zoom 15: about 1.41 m per pixel, so a 250 m cell is ~177 px wide.
    expect(metresPerPixel(15, 53.8)).toBeCloseTo(1.411, 2);
  });

  it('draws cells as a light tint with outlines once they are over 100 px wide, opaque further out', () => {
    const analysis = prepared(hotspotsResponse());
    const cellSize = analysis.grid.cellSize;
    const near = { metresPerPixel: cellSize / 150 };
    const far = { metresPerPixel: cellSize / 60 };
    expect(cellsAtStreetLevel(analysis, near)).toBe(true);
    expect(cellsAtStreetLevel(analysis, far)).toBe(false);

    const street = buildLayers(state(), layerData({ analysis }), near);
    expect(accessor(byId(street, LAYER_IDS.cells), 'getFillColor')(0)).toEqual([...HOTSPOT_COLOURS[3]!, STREET_CELL_ALPHA]);
    const outlines = byId(street, LAYER_IDS.cellOutlines);
    expect(outlines.props.data).toEqual([0, 4, 5]);
    expect(accessor(outlines, 'getColor')(0)).toEqual([...HOTSPOT_COLOURS[3]!, 255]);
    expect((outlines.props as unknown as { getWidth: number }).getWidth).toBe(STREET_CELL_OUTLINE_PX);
    // The outline follows the cell's own ring.
    expect(accessor(outlines, 'getPath')(4)).toEqual(accessor(byId(street, LAYER_IDS.cells), 'getPolygon')(4));

    const county = buildLayers(state(), layerData({ analysis }), far);
    expect(accessor(byId(county, LAYER_IDS.cells), 'getFillColor')(0)).toEqual([...HOTSPOT_COLOURS[3]!, CELL_ALPHA]);
    expect(ids(county)).not.toContain(LAYER_IDS.cellOutlines);
    // Without a known scale (first frame) nothing changes.
    expect(ids(buildLayers(state(), layerData({ analysis })))).not.toContain(LAYER_IDS.cellOutlines);
    // A light class's outline is its hue darkened (3:1 on the basemap, map-contrast.test.ts).
    expect(accessor(outlines, 'getColor')(4)).toEqual([...edgeColour(HOTSPOT_COLOURS[1]!), 255]);
    expect(edgeColour(HOTSPOT_COLOURS[1]!)).not.toEqual(HOTSPOT_COLOURS[1]);
  });

  it('edges the cells where they meet the basemap, not between drawn cells, once the districts are ready', () => {
    // Drawn: grid cells 0 (col 0, row 0), 4 (col 1, row 1) and 5 (col 2, row 1) of the 3 × 2 grid.
    const analysis = prepared(hotspotsResponse());
    const far = { metresPerPixel: analysis.grid.cellSize / 60 };
    const edges = byId(buildLayers(state(), layerData({ analysis }), far), LAYER_IDS.cellEdges);
    const data = edges.props.data as Array<{ k: number; path: Array<[number, number]> }>;
    // Cell 0: all four sides; cells 4 and 5: three each, not the side they share.
    expect(data.map((e) => e.k)).toEqual([0, 0, 0, 0, 4, 4, 4, 5, 5, 5]);
    const ring4 = accessor(byId(buildLayers(state(), layerData({ analysis }), far), LAYER_IDS.cells), 'getPolygon')(4) as Array<[number, number]>;
    const ring5 = accessor(byId(buildLayers(state(), layerData({ analysis }), far), LAYER_IDS.cells), 'getPolygon')(5) as Array<[number, number]>;
    const shared = [ring4[1], ring4[2]]; // cell 4's east side is cell 5's west side
    expect(ring5).toContainEqual(shared[0]);
    const sides = data.map((e) => JSON.stringify([...e.path].sort()));
    expect(sides).not.toContain(JSON.stringify([...shared].sort()));
    expect(accessor(edges, 'getColor')(data[4])).toEqual([...edgeColour(HOTSPOT_COLOURS[1]!), 255]);
    expect((edges.props as unknown as { getWidth: number }).getWidth).toBe(CELL_EDGE_PX);
    // Not before the district outlines (whose strokes compile the path shaders), nor at street level.
    expect(ids(buildLayers(state(), layerData({ analysis, districtsReady: false }), far))).not.toContain(LAYER_IDS.cellEdges);
    expect(ids(buildLayers(state(), layerData({ analysis }), { metresPerPixel: analysis.grid.cellSize / 150 }))).not.toContain(LAYER_IDS.cellEdges);
    // Nor where cells are a few pixels wide (the edge would be the whole cell), nor before the scale is known.
    expect(ids(buildLayers(state(), layerData({ analysis }), { metresPerPixel: analysis.grid.cellSize / (CELL_EDGE_MIN_PIXELS - 1) }))).not.toContain(LAYER_IDS.cellEdges);
    expect(ids(buildLayers(state(), layerData({ analysis }), { metresPerPixel: analysis.grid.cellSize / CELL_EDGE_MIN_PIXELS }))).toContain(LAYER_IDS.cellEdges);
    expect(ids(buildLayers(state(), layerData({ analysis })))).not.toContain(LAYER_IDS.cellEdges);
    expect([undefined, { metresPerPixel: analysis.grid.cellSize / 4 }, far, { metresPerPixel: analysis.grid.cellSize / 150 }].map((v) => cellDrawing(analysis, v))).toEqual(['plain', 'plain', 'edged', 'street']);
  });

  it('cases the selected patrol zone in a dark line under its amber one', () => {
    const patrol = patrolPreview(PATROL_ZONES, PATROL_ZONES.features[1]!.properties.id);
    const layers = buildLayers(state(), layerData({ patrol }));
    const casing = byId(layers, LAYER_IDS.patrolSelectedCasing);
    expect(ids(layers).indexOf(LAYER_IDS.patrolSelectedCasing)).toBe(ids(layers).indexOf(LAYER_IDS.patrol) - 1);
    expect((casing.props.data as { features: unknown[] }).features).toEqual([PATROL_ZONES.features[1]]);
    expect(casing.props).toMatchObject({ getLineColor: [...PATROL_SELECTED_CASING, 255], getLineWidth: PATROL_SELECTED_CASING_PX });
    expect(ids(buildLayers(state(), layerData({ patrol: patrolPreview(PATROL_ZONES) })))).not.toContain(LAYER_IDS.patrolSelectedCasing);
  });
});
