import type { LegendItem, LegendSection } from '../panels/legend-model';
import type { PlanOverlay } from './plan-layers';
import { KIND_STYLES, PLAN_FEATURE_KINDS, PLAN_FILL_ALPHA } from './plan-style';

const SWATCH: Record<string, LegendItem['swatch']> = { 'priority-area': 'zone', 'intervention-site': 'dot', route: 'dash', other: 'line' };

/**
 * The legend of the plan overlays on the map: the plans by title, and one entry for each kind of
 * feature they hold, named and described (colour is not the only cue). Pure.
 */
export function planLegendSection(overlays: readonly PlanOverlay[]): LegendSection {
  const present = new Set(overlays.flatMap((o) => o.features.map((f) => f.kind)));
  const items = PLAN_FEATURE_KINDS.filter((k) => present.has(k)).map((k): LegendItem => {
    const style = KIND_STYLES[k];
    return { colour: style.colour, alpha: k === 'priority-area' ? PLAN_FILL_ALPHA / 255 : 1, swatch: SWATCH[k]!, label: style.label, description: style.drawn };
  });
  const features = overlays.reduce((n, o) => n + o.features.length, 0);
  return {
    id: 'plans',
    title: `Plans (${overlays.length})`,
    caption: `${overlays.map((o) => o.title).join('; ')}. ${features ? 'Hover or click a feature for its partner and funding; the Plans page lists them.' : 'No features drawn yet.'}`,
    items,
  };
}
