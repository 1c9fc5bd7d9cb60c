import type { Rgb } from './palettes';

/**
 * The zone selected in the patrol table: an amber outline, twice the zones' width, so it stands
 * out from the magenta zone outlines and the hot-spot reds beneath (amber is in none of the
 * analysis palettes).
 */
export const PATROL_SELECTED_LINE: Rgb = [255, 176, 0];
export const PATROL_SELECTED_LINE_PX = 6;
