import type { Layer } from '@deck.gl/core';
import type { Feature, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { buildLayers } from '../map/build-layers';
import { legendModel } from '../panels/legend-model';
import { DEFAULT_STATE } from '../state/view-state';
import { layerData } from '../test-support/layer-fixtures';
import { AREA, ROUTE, SITE } from '../test-support/plan-fixtures';
import { planLegendSection } from './plan-legend';
import { type PlanFeatureProps, planCollection, planLayerId, planLayers } from './plan-layers';
import { KIND_STYLES, PLAN_FILL_ALPHA, ROUTE_DASH } from './plan-style';

type Accessor = (f: Feature<Geometry, PlanFeatureProps>) => unknown;
const accessor = (layer: Layer, prop: string) => (layer.props as unknown as Record<string, Accessor>)[prop]!;
const overlay = { planId: 4, title: 'Burnley SV plan', features: [AREA, SITE, ROUTE] };
const drawn = planCollection(overlay).features;
const [area, site, route] = drawn as [Feature<Geometry, PlanFeatureProps>, Feature<Geometry, PlanFeatureProps>, Feature<Geometry, PlanFeatureProps>];

describe('planLayers', () => {
  it('draws one pickable layer per shown plan, its features tagged with the plan and their ids', () => {
    const layers = planLayers([overlay, { planId: 9, title: 'Other', features: [] }]);
    expect(layers.map((l) => l.id)).toEqual([planLayerId(4), planLayerId(9)]);
    expect(layers[0]!.props.pickable).toBe(true);
    expect(drawn.map((f) => f.properties)).toEqual([
      { planId: 4, featureId: 1, kind: 'priority-area' },
      { planId: 4, featureId: 2, kind: 'intervention-site' },
      { planId: 4, featureId: 3, kind: 'route' },
    ]);
    expect(drawn.map((f) => f.geometry)).toEqual([AREA.geometry, SITE.geometry, ROUTE.geometry]);
  });

  it('fills priority areas only, translucent; sites are solid markers; routes alone are dashed', () => {
    const layer = planLayers([overlay])[0]!;
    const fill = accessor(layer, 'getFillColor');
    expect(fill(area)).toEqual([...KIND_STYLES['priority-area'].colour, PLAN_FILL_ALPHA]);
    expect(fill(site)).toEqual([...KIND_STYLES['intervention-site'].colour, 235]);
    expect(fill(route)).toEqual([0, 0, 0, 0]);
    expect(accessor(layer, 'getLineColor')(route)).toEqual([...KIND_STYLES.route.colour, 255]);
    const dash = accessor(layer, 'getDashArray');
    expect([dash(area), dash(site), dash(route)]).toEqual([[0, 0], [0, 0], ROUTE_DASH]);
  });

  it('sits in buildLayers above the boundaries and under the patrol zones, only when plans are shown', () => {
    const ids = (data: ReturnType<typeof layerData>) => buildLayers(DEFAULT_STATE, data).map((l) => l.id);
    expect(ids(layerData())).not.toContain(planLayerId(4));
    expect(ids(layerData({ plans: [overlay] }))).toEqual(['analysis-cells', 'districts', planLayerId(4), 'patrol-zones', 'district-labels']);
  });
});

describe('planLegendSection', () => {
  it('names the shown plans and each kind they hold, with how it is drawn', () => {
    const section = planLegendSection([overlay]);
    expect(section.title).toBe('Plans (1)');
    expect(section.caption).toContain('Burnley SV plan');
    expect(section.items.map((i) => [i.label, i.swatch, i.description])).toEqual([
      ['Priority area', 'zone', 'filled area with an outline'],
      ['Intervention site', 'dot', 'round marker with a cross'],
      ['Route', 'dash', 'dashed line'],
    ]);
  });

  it('lists only the kinds present, and joins the legend when plans are shown', () => {
    expect(planLegendSection([{ ...overlay, features: [ROUTE] }]).items.map((i) => i.label)).toEqual(['Route']);
    expect(legendModel(DEFAULT_STATE, layerData({ plans: [overlay] })).map((s) => s.id)).toContain('plans');
    expect(legendModel(DEFAULT_STATE, layerData()).map((s) => s.id)).not.toContain('plans');
  });
});
