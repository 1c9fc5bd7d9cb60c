import { describe, expect, it } from 'vitest';
import { DISTRICT_CODE_PATTERN } from '../../common/filter-rules';
import { distanceToRing, multiPolygonArea, pointInMultiPolygon, ringSignedArea } from '../../geodata/demo/planar';
import { buildNationalGeography } from './geography';
import { NATIONAL_MONTHS, nationalIncidentBatches, nationalRowCount } from './incidents';

const SEED = 20261202;
const geo = buildNationalGeography(SEED);

describe('synthetic England and Wales', () => {
  it('has 43 forces whose areas tile the outline, and districts that tile each force (to 0.01 %)', () => {
    expect(geo.forces).toHaveLength(43);
    const outlineArea = ringSignedArea(geo.outline);
    const forceArea = geo.forces.reduce((a, f) => a + multiPolygonArea(f.coordinates), 0);
    expect(Math.abs(forceArea - outlineArea) / outlineArea).toBeLessThan(1e-4);
    for (const force of geo.forces) {
      const area = multiPolygonArea(force.coordinates);
      const districts = force.districts.reduce((a, d) => a + multiPolygonArea(d.coordinates), 0);
      expect(Math.abs(districts - area) / area, force.slug).toBeLessThan(1e-4);
    }
  });

  it('gives every district a valid, unique code', () => {
    const codes = geo.forces.flatMap((f) => f.districts.map((d) => d.code));
    expect(codes.every((c) => DISTRICT_CODE_PATTERN.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('generates the announced rows, each located row inside its force (but for snapping), every force in every month, the same for the same seed', () => {
    const rows = [...nationalIncidentBatches(geo, { seed: SEED, incidents: 30_000 })].flat();
    expect(rows).toHaveLength(nationalRowCount(geo, 30_000));
    const forces = new Map(geo.forces.map((f) => [f.slug, f]));
    const outside = rows.filter((r) => r.x !== null && !pointInMultiPolygon(r.x, r.y!, forces.get(r.force)!.coordinates));
    // Snapping to the 80 m lattice may carry a point over a border, never further than a lattice cell's diagonal.
    const far = outside.filter((r) => Math.min(...forces.get(r.force)!.coordinates.map((p) => distanceToRing(r.x!, r.y!, p[0]!))) > 80 * Math.SQRT2);
    expect(far).toHaveLength(0);
    expect(outside.length / rows.length).toBeLessThan(0.01);
    for (const force of geo.forces) expect(new Set(rows.filter((r) => r.force === force.slug).map((r) => r.month)).size, force.slug).toBe(NATIONAL_MONTHS);
    const again = [...nationalIncidentBatches(geo, { seed: SEED, incidents: 30_000 })].flat();
    expect(again.slice(0, 100)).toEqual(rows.slice(0, 100));
  });
});
