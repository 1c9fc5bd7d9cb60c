import type { MapLibreOverlay } from '@deck.gl/maplibre';
import { featureFacts } from './plan-model';
import type { PlanFeature } from './plan-api';
import { type PlanFeatureProps, type PlanOverlay, planLayerId } from './plan-layers';

/**
 * The plan feature drawn at a map pixel, by deck.gl's picking of the plan layers (the only
 * pickable ones), with its facts for the tooltip and what a click does.
 */
export function planAtPixel(overlay: MapLibreOverlay, overlays: readonly PlanOverlay[], x: number, y: number, select: (planId: number, featureId: number) => void) {
  if (!overlays.length) return null;
  const picked = overlay.pickObject({ x, y, radius: 4, layerIds: overlays.map((o) => planLayerId(o.planId)) });
  const props = (picked?.object as { properties?: PlanFeatureProps } | undefined)?.properties;
  if (!props) return null;
  const feature = overlays.find((o) => o.planId === props.planId)?.features.find((f) => f.id === props.featureId);
  if (!feature) return null;
  return { facts: featureFacts(feature), select: () => select(props.planId, props.featureId) };
}

/** A feature's lon/lat bounds [west, south, east, north], for moving the map to it. */
export function planFeatureBounds(feature: PlanFeature): [number, number, number, number] {
  const positions: number[][] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') positions.push(c as number[]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(feature.geometry.coordinates);
  const xs = positions.map((p) => p[0]!);
  const ys = positions.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
