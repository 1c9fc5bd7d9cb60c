import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Color } from '@maplibre/maplibre-gl-style-spec';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { contrastRatio, darkenedTo, over, relativeLuminance } from './contrast';
import { DISTRICT_LINE } from './district-layers';
import { localBasemapLayers } from './local-basemap-layers';
import { offlineStyle } from './offline-style';
import { CELL_ALPHA, DENSITY_COLOURS, EDGE_LUMINANCE, EMERGING_COLOURS, HOTSPOT_COLOURS, PATROL_COLOUR, PATROL_SELECTED_CASING, PATROL_SELECTED_LINE, POINT_COLOUR, type Rgb, edgeColour } from './palettes';

// WCAG 2.2 SC 1.4.11 (non-text contrast): every map symbol that carries meaning reaches 3:1
// against the land and water it is drawn on, on each basemap the app can show. The colours are
// read from the styles themselves, so a basemap change that breaks it fails here.

/** Each basemap's layers; its area layers (background and fills: land, land use, water) lie under the symbols. */
const BASEMAPS: Record<string, LayerSpecification[]> = {
  'fallback (offline) style': offlineStyle.layers,
  'local PMTiles basemap (Protomaps light)': localBasemapLayers(),
  'online default (OpenFreeMap Positron)': (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../tests/fixtures/basemaps/openfreemap-positron-areas.json'), 'utf8')) as StyleSpecification).layers,
};

/** Every colour a layer's fill or background can take: its literal, or each literal in its expression. */
function layerColours(layer: LayerSpecification): Rgb[] {
  const paint = (layer.paint ?? {}) as Record<string, unknown>;
  const value = paint['background-color'] ?? paint['fill-color'];
  const strings: string[] = [];
  const walk = (v: unknown) => (typeof v === 'string' ? strings.push(v) : Array.isArray(v) && v.forEach(walk));
  walk(value);
  return strings.flatMap((s) => {
    const c = Color.parse(s);
    return c ? [[Math.round(c.r * 255), Math.round(c.g * 255), Math.round(c.b * 255)] as Rgb] : [];
  });
}

const backgrounds = Object.entries(BASEMAPS).map(([basemap, layers]) => ({
  basemap,
  colours: layers.filter((l) => l.type === 'background' || l.type === 'fill').flatMap((l) => layerColours(l).map((rgb) => ({ id: l.id, rgb }))),
}));

/** The lowest contrast of `symbol` over any background colour of any basemap, with where. */
function worst(symbol: Rgb): { ratio: number; where: string } {
  let result = { ratio: Infinity, where: '' };
  for (const { basemap, colours } of backgrounds) {
    for (const { id, rgb } of colours) {
      const ratio = contrastRatio(symbol, rgb);
      if (ratio < result.ratio) result = { ratio, where: `${basemap} ${id} rgb(${rgb.join(',')})` };
    }
  }
  return result;
}

/** The symbols whose colour carries meaning, each by the colour that meets the basemap. */
const ANALYSIS_CLASSES: Array<[string, Rgb]> = [
  ...DENSITY_COLOURS.map((c, i): [string, Rgb] => [`density class ${i + 1}`, c]),
  ...Object.entries(HOTSPOT_COLOURS).map(([bin, c]): [string, Rgb] => [`Gi* bin ${bin}`, c]),
  ...Object.entries(EMERGING_COLOURS).map(([code, c]): [string, Rgb] => [`emerging category ${code}`, c]),
];

describe('map symbol contrast against every basemap (WCAG 1.4.11, 3:1)', () => {
  it('reads land and water colours from all three basemaps', () => {
    const ids = Object.fromEntries(backgrounds.map(({ basemap, colours }) => [basemap, new Set(colours.map((c) => c.id))]));
    expect([...ids['fallback (offline) style']!]).toEqual(['background']);
    expect([...ids['local PMTiles basemap (Protomaps light)']!]).toEqual(expect.arrayContaining(['background', 'earth', 'landuse_park', 'water']));
    expect([...ids['online default (OpenFreeMap Positron)']!]).toEqual(expect.arrayContaining(['background', 'park', 'water']));
  });

  it('finds that the light classes alone fail: the reason the cells have edges', () => {
    const failing = ANALYSIS_CLASSES.filter(([, c]) => worst(over(c, CELL_ALPHA, [255, 255, 255])).ratio < 3).map(([name]) => name);
    expect(failing).toContain('Gi* bin 1');
    expect(failing).toContain('Gi* bin -1');
    expect(failing).toContain('density class 1');
  });

  it('gives every analysis class an edge of 3:1 or more, in its own hue', () => {
    for (const [name, colour] of ANALYSIS_CLASSES) {
      const edge = edgeColour(colour);
      const { ratio, where } = worst(edge);
      expect(ratio, `${name} edge rgb(${edge.join(',')}) on ${where}`).toBeGreaterThanOrEqual(3);
      expect(relativeLuminance(edge)).toBeLessThanOrEqual(EDGE_LUMINANCE);
    }
  });

  it('draws district outlines, snap points and patrol zone outlines at 3:1 or more', () => {
    const symbols: Array<[string, Rgb]> = [
      ['district outline', DISTRICT_LINE],
      ['snap-point marker', POINT_COLOUR],
      ['patrol zone outline', PATROL_COLOUR],
      ['selected patrol zone casing', PATROL_SELECTED_CASING],
    ];
    for (const [name, colour] of symbols) {
      const { ratio, where } = worst(colour);
      expect(ratio, `${name} on ${where}`).toBeGreaterThanOrEqual(3);
    }
    // The amber of the selected zone stands on its casing, not on the basemap.
    expect(worst(PATROL_SELECTED_LINE).ratio).toBeLessThan(3);
    expect(contrastRatio(PATROL_SELECTED_LINE, PATROL_SELECTED_CASING)).toBeGreaterThanOrEqual(3);
  });

  it('prints snap-point counts at 4.5:1 (text) on their markers', () => {
    expect(contrastRatio([255, 255, 255], POINT_COLOUR)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('WCAG contrast arithmetic', () => {
  it('matches the definition on known pairs', () => {
    expect(contrastRatio([255, 255, 255], [0, 0, 0])).toBeCloseTo(21, 6);
    expect(contrastRatio([118, 118, 118], [255, 255, 255])).toBeCloseTo(4.54, 2);
    expect(contrastRatio([255, 0, 0], [255, 255, 255])).toBeCloseTo(4.0, 2);
    expect(over([0, 0, 0], 128, [255, 255, 255])).toEqual([127, 127, 127]);
  });

  it('darkens in the same hue to the luminance asked, leaving dark colours alone', () => {
    const edge = darkenedTo([253, 219, 199], 0.15);
    expect(relativeLuminance(edge)).toBeLessThanOrEqual(0.15);
    expect(relativeLuminance(edge)).toBeGreaterThan(0.14);
    // Still reddish: red the largest channel, blue the smallest, as in the original.
    expect(edge[0]).toBeGreaterThan(edge[1]);
    expect(edge[1]).toBeGreaterThan(edge[2]);
    expect(darkenedTo([31, 78, 121], 0.15)).toEqual([31, 78, 121]);
  });
});
