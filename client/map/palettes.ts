import { type Rgb, darkenedTo } from './contrast';

export type { Rgb };

/**
 * Colours of the analysis layers. Kept free of imports but the pure contrast.ts, so tests can compute expected pixels.
 * Sources: ColorBrewer (Cynthia Brewer, colorbrewer2.org) YlGnBu 6 (sequential) and RdBu 7
 * (diverging); both colour-blind safe. Density deliberately avoids reds, so a density map is
 * never mistaken for a map of statistically significant hot spots.
 */
/**
 * Map symbols need 3:1 against the basemap around them (WCAG 2.2 SC 1.4.11). Most of the ramps'
 * colours are too light for that on a light basemap (the 90 % classes are near white), so every
 * drawn area gets an edge where it meets the basemap, in its own hue darkened to at most this
 * relative luminance: 3:1 against any background of luminance 0.55 or more, the darkest land or
 * water of the basemaps we ship (checked against the styles themselves in map-contrast.test.ts).
 */
export const EDGE_LUMINANCE = 0.15;
/** Width of the edges where the analysis meets the basemap, in pixels. */
export const CELL_EDGE_PX = 1.5;
/**
 * Cells narrower than this on screen get no edge: a 1.5 px dark edge round a 3 px cell would turn
 * the palest class into the darkest dot on the map. That far out the map is an overview, and the
 * top cells list and the legend carry its content (the accessibility statement says so).
 */
export const CELL_EDGE_MIN_PIXELS = 8;

/** The edge of a symbol of colour `rgb`: the colour itself if dark enough, else its hue darkened. */
export function edgeColour(rgb: Rgb): Rgb {
  return darkenedTo(rgb, EDGE_LUMINANCE);
}

/** Opacity of analysis cells over the basemap (0–255). */
export const CELL_ALPHA = 210;

/**
 * At street level (cells wider than STREET_CELL_PIXELS on screen) a cell is a light tint and an
 * outline in its colour, so streets and labels show through: an opaque 250 m cell at zoom 15 is a
 * solid block with no street in it.
 */
export const STREET_CELL_ALPHA = 46;
export const STREET_CELL_OUTLINE_PX = 2.5;
export const STREET_CELL_PIXELS = 100;

/** Density classes, light to dark (ColorBrewer YlGnBu, 6 classes). */
export const DENSITY_COLOURS: readonly Rgb[] = [
  [255, 255, 204],
  [199, 233, 180],
  [127, 205, 187],
  [65, 182, 196],
  [44, 127, 184],
  [37, 52, 148],
];

/** Gi* bins −3…3 (ColorBrewer RdBu 7); bin 0, not significant, is not drawn. */
export const HOTSPOT_COLOURS: Readonly<Record<number, Rgb>> = {
  3: [178, 24, 43],
  2: [239, 138, 98],
  1: [253, 219, 199],
  [-1]: [209, 229, 240],
  [-2]: [103, 169, 207],
  [-3]: [33, 102, 172],
};

export const HOTSPOT_LABELS: Readonly<Record<number, string>> = {
  3: 'Hot spot, 99 % confidence',
  2: 'Hot spot, 95 % confidence',
  1: 'Hot spot, 90 % confidence',
  0: 'Not significant',
  [-1]: 'Cold spot, 90 % confidence',
  [-2]: 'Cold spot, 95 % confidence',
  [-3]: 'Cold spot, 99 % confidence',
};

/** Emerging hot spot categories by code (geodata/emerging.ts); 0, no pattern, is not drawn. */
export const EMERGING_COLOURS: Readonly<Record<number, Rgb>> = {
  3: [165, 0, 38],
  4: [215, 48, 39],
  2: [244, 109, 67],
  1: [253, 174, 97],
  6: [254, 224, 144],
  7: [197, 27, 125],
  5: [241, 182, 218],
  8: [118, 42, 131],
  [-3]: [8, 48, 107],
  [-4]: [33, 102, 172],
  [-2]: [67, 147, 195],
  [-1]: [146, 197, 222],
  [-6]: [209, 229, 240],
  [-7]: [1, 133, 113],
  [-5]: [128, 205, 193],
  [-8]: [90, 174, 97],
};

/** Raw incident markers (aggregated per snap point). */
export const POINT_COLOUR: Rgb = [84, 39, 143];

export function cssColour([r, g, b]: Rgb, alpha = 1): string {
  return alpha === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${alpha})`;
}

/**
 * Patrol zone outline and fill (ColorBrewer RdPu, darkest magenta): apart from the RdBu hot/cold
 * spot colours, the YlGnBu density classes and the district blue, so zones read over any analysis.
 */
export const PATROL_COLOUR: Rgb = [197, 27, 138];
export const PATROL_FILL_ALPHA = 50;
/** Outline width in pixels. */
export const PATROL_LINE_PX = 3;

/**
 * The zone selected in the patrol table: an amber outline, twice the zones' width, so it stands
 * out from the magenta zone outlines and the hot-spot reds beneath (amber is in none of the
 * analysis palettes).
 */
export const PATROL_SELECTED_LINE: Rgb = [255, 176, 0];
export const PATROL_SELECTED_LINE_PX = 2 * PATROL_LINE_PX;
/** Amber alone is 1.6:1 on a light basemap: a dark casing each side of it carries the 3:1. */
export const PATROL_SELECTED_CASING: Rgb = [27, 31, 36];
export const PATROL_SELECTED_CASING_PX = PATROL_SELECTED_LINE_PX + 4;

/**
 * The kernel-density surface's continuous ramp: the density classes' YlGnBu stops, interpolated
 * linearly in RGB, so the heatmap reads as the same quantity as the classed density map.
 * t = value / domain maximum, clamped to 0…1.
 */
export function heatColour(t: number): Rgb {
  const stops = DENSITY_COLOURS;
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as Rgb;
}

/** Below this fraction of the domain the surface fades out, so its edge is soft, not a step. */
export const HEAT_FADE_BELOW = 0.08;
/** A surface value's opacity (0–255): CELL_ALPHA, fading to 0 towards zero density. */
export function heatAlpha(t: number): number {
  return t <= 0 ? 0 : Math.round(CELL_ALPHA * Math.min(1, t / HEAT_FADE_BELOW));
}
