import type { Rgb } from '../map/palettes';

export type PlanFeatureKind = 'priority-area' | 'intervention-site' | 'route' | 'other';
export const PLAN_FEATURE_KINDS: readonly PlanFeatureKind[] = ['priority-area', 'intervention-site', 'route', 'other'];

export interface KindStyle {
  /** The kind in words, in the list, the legend and the tooltip: colour is never the only cue. */
  label: string;
  /** How it is drawn, in words, for the legend. */
  drawn: string;
  colour: Rgb;
  /** The terra-draw mode that draws this kind's geometry. */
  drawMode: 'polygon' | 'point' | 'linestring';
}

/**
 * Colours kept apart from the analysis palettes (Gi* reds and blues, density yellows to reds,
 * patrol magenta) and dark enough for 3:1 against the light basemap; each kind also differs in
 * shape: a filled area, a marker with a cross, a dashed line.
 */
export const KIND_STYLES: Readonly<Record<PlanFeatureKind, KindStyle>> = {
  'priority-area': { label: 'Priority area', drawn: 'filled area with an outline', colour: [0, 109, 44], drawMode: 'polygon' },
  'intervention-site': { label: 'Intervention site', drawn: 'round marker with a cross', colour: [84, 48, 5], drawMode: 'point' },
  route: { label: 'Route', drawn: 'dashed line', colour: [1, 70, 120], drawMode: 'linestring' },
  other: { label: 'Other', drawn: 'grey outline or marker', colour: [77, 77, 77], drawMode: 'polygon' },
};

/** Priority areas' fill alpha (0–255): light enough to see the hot spots under them. */
export const PLAN_FILL_ALPHA = 56;
export const PLAN_LINE_PX = 2.5;
export const PLAN_SITE_RADIUS_PX = 9;
/** Routes' dash, in line widths: dash, gap. */
export const ROUTE_DASH: [number, number] = [3, 2];

export const kindLabel = (kind: string) => KIND_STYLES[kind as PlanFeatureKind]?.label ?? kind;
