import type { Layer } from '@deck.gl/core';
import { PathStyleExtension, type PathStyleExtensionProps } from '@deck.gl/extensions';
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { PlanFeature } from './plan-api';
import { KIND_STYLES, PLAN_FILL_ALPHA, PLAN_LINE_PX, PLAN_SITE_RADIUS_PX, type PlanFeatureKind, ROUTE_DASH } from './plan-style';

/** A plan shown on the map: its id and title (for the legend) and its features. */
export interface PlanOverlay {
  planId: number;
  title: string;
  features: PlanFeature[];
}

/** The properties each drawn feature carries, for picking (hover and click details). */
export interface PlanFeatureProps {
  planId: number;
  featureId: number;
  kind: PlanFeatureKind;
}

export const planLayerId = (planId: number) => `plan-${planId}`;

const kindOf = (f: Feature<Geometry, PlanFeatureProps>) => KIND_STYLES[f.properties.kind] ?? KIND_STYLES.other;

/** A plan's features as a GeoJSON FeatureCollection in WGS84, each tagged with its plan and id. */
export function planCollection(overlay: PlanOverlay): FeatureCollection<Geometry, PlanFeatureProps> {
  return {
    type: 'FeatureCollection',
    features: overlay.features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry as Geometry, properties: { planId: overlay.planId, featureId: f.id, kind: f.kind } })),
  };
}

// One extension instance: deck.gl compares extensions by identity when layers are re-created.
const DASHES = [new PathStyleExtension({ dash: true })];

/**
 * Pure: one deck.gl GeoJsonLayer per shown plan, styled by feature kind: priority areas filled
 * with a solid outline, intervention sites as markers with a cross, routes as dashed lines
 * (PathStyleExtension). deck.gl, not MapLibre layers, so the plans draw with the rest of the
 * overlay (in buildLayers' order, under the patrol zones) and stay unit-testable here; they are
 * pickable, the only layers that are, for hover and click details.
 */
export function planLayers(overlays: readonly PlanOverlay[]): Layer[] {
  return overlays.map((overlay) =>
    new GeoJsonLayer<PlanFeatureProps, PathStyleExtensionProps<Feature<Geometry, PlanFeatureProps>>>({
      id: planLayerId(overlay.planId),
      data: planCollection(overlay),
      filled: true,
      stroked: true,
      pointType: 'circle+text',
      getFillColor: (f) => {
        const { colour } = kindOf(f);
        if (f.geometry.type === 'Point') return [...colour, 235];
        return f.properties.kind === 'priority-area' ? [...colour, PLAN_FILL_ALPHA] : [0, 0, 0, 0];
      },
      getLineColor: (f) => (f.geometry.type === 'Point' ? [255, 255, 255, 255] : [...kindOf(f).colour, 255]),
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => (f.geometry.type === 'Point' ? 2 : PLAN_LINE_PX),
      lineJointRounded: true,
      getDashArray: (f) => (f.properties.kind === 'route' ? ROUTE_DASH : [0, 0]),
      dashJustified: true,
      extensions: DASHES,
      pointRadiusUnits: 'pixels',
      getPointRadius: PLAN_SITE_RADIUS_PX,
      getText: () => '+',
      getTextSize: 16,
      getTextColor: [255, 255, 255, 255],
      textCharacterSet: ['+'],
      textFontWeight: 700,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 176, 0, 160],
    }),
  );
}
