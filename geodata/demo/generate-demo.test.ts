import { featureCollection, intersect, kinks, multiPolygon, point, polygon, voronoi } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../categories';
import { buildGeography } from './geography';
import { type DemoDataset, type DemoPlantedSpot, generateDemo } from './index';
import { multiPolygonArea, pointInMultiPolygon, ringSignedArea } from './planar';

// Shares from the issue (police.uk England), in percent; they sum to 101.7 and are compared normalised.
const ISSUE_SHARES: Record<string, number> = {
  'violent-crime': 35, 'anti-social-behaviour': 24, shoplifting: 8, 'criminal-damage-arson': 8, 'other-theft': 5,
  'public-order': 7, 'vehicle-crime': 4, burglary: 4, drugs: 2, 'other-crime': 1.5, 'possession-of-weapons': 1,
  robbery: 0.8, 'bicycle-theft': 0.8, 'theft-from-the-person': 0.8,
};

let demo: DemoDataset;
beforeAll(() => {
  demo = generateDemo();
});

const area = (coords: number[][][][]): number => multiPolygonArea(coords);
const asFeature = (coords: number[][][][]): Feature<MultiPolygon> => multiPolygon(coords);
const intersectionArea = (a: number[][][][], b: number[][][][]): number => {
  const hit = intersect(featureCollection([asFeature(a), asFeature(b)])) as Feature<Polygon | MultiPolygon> | null;
  if (!hit) return 0;
  return area(hit.geometry.type === 'Polygon' ? [hit.geometry.coordinates] : hit.geometry.coordinates);
};
const bbox = (coords: number[][][][]): [number, number, number, number] => {
  const pts = coords.flat(2);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};

/** Located rows of the spot's categories within its radius, in the first and the last six months. */
function spotCounts(d: DemoDataset, spot: DemoPlantedSpot): { first: number; last: number } {
  const cats = new Set(spot.categories.map((slug) => CATEGORIES.findIndex((c) => c.slug === slug)));
  const { incidents: inc } = d;
  let first = 0;
  let last = 0;
  for (let i = 0; i < inc.length; i++) {
    if (inc.locationIndex[i] < 0 || !cats.has(inc.categoryIndex[i])) continue;
    if ((inc.easting[i] - spot.easting) ** 2 + (inc.northing[i] - spot.northing) ** 2 > spot.radiusM ** 2) continue;
    if (inc.monthIndex[i] < 6) first++;
    if (inc.monthIndex[i] >= d.months.length - 6) last++;
  }
  return { first, last };
}

describe('generateDemo: determinism and shape', () => {
  it('gives byte-identical output for the same seed and different output for another', () => {
    const again = generateDemo();
    const bytes = (d: DemoDataset): Buffer[] =>
      [d.incidents.monthIndex, d.incidents.categoryIndex, d.incidents.easting, d.incidents.northing, d.incidents.locationIndex, d.incidents.outcomeIndex]
        .map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    const rest = (d: DemoDataset): string => JSON.stringify({ ...d, incidents: d.incidents.length });
    expect(rest(again)).toBe(rest(demo));
    bytes(again).forEach((b, i) => expect(b.equals(bytes(demo)[i])).toBe(true));

    const [seven, eight] = [7, 8].map((seed) => generateDemo({ seed, incidents: 5_000 }));
    expect(seven.seed).toBe(7);
    expect(seven.incidents.length).toBeGreaterThan(4_700);
    expect(seven.incidents.length).toBeLessThan(5_300);
    expect(bytes(seven)[2].equals(bytes(eight)[2])).toBe(false);
  });

  it('covers 24 fixed consecutive months and about 100,000 rows in equal-length columns', () => {
    expect(demo.seed).toBe(20231);
    expect(demo.months).toHaveLength(24);
    expect(demo.months[0]).toBe('2024-10');
    expect(demo.months[23]).toBe('2026-09');
    expect(demo.months.slice(11, 14)).toEqual(['2025-09', '2025-10', '2025-11']);
    const inc = demo.incidents;
    expect(inc.length).toBeGreaterThan(98_000);
    expect(inc.length).toBeLessThan(102_000);
    for (const col of [inc.monthIndex, inc.categoryIndex, inc.easting, inc.northing, inc.locationIndex, inc.outcomeIndex]) {
      expect(col.length).toBe(inc.length);
    }
    expect(Math.max(...inc.monthIndex)).toBe(23);
  });

  it('rejects bad options', () => {
    expect(() => generateDemo({ seed: 1.5 })).toThrow('seed must be an integer in [0, 2^32)');
    expect(() => generateDemo({ incidents: -1 })).toThrow('incidents must be a non-negative number');
  });
});

describe('generateDemo: county and districts', () => {
  it('places a 50–70 km × 40–50 km county inside England on the BNG', () => {
    const [minE, minN, maxE, maxN] = bbox(demo.county.coordinates);
    expect(maxE - minE).toBeGreaterThan(50_000);
    expect(maxE - minE).toBeLessThan(70_000);
    expect(maxN - minN).toBeGreaterThan(40_000);
    expect(maxN - minN).toBeLessThan(50_000);
    expect(minE).toBeGreaterThan(370_000);
    expect(maxE).toBeLessThan(450_000);
    expect(minN).toBeGreaterThan(215_000);
    expect(maxN).toBeLessThan(275_000);
  });

  it('has 6–14 invented districts with X codes that ONS never issues', () => {
    const ds = demo.districts;
    expect(ds.length).toBeGreaterThanOrEqual(6);
    expect(ds.length).toBeLessThanOrEqual(14);
    expect(new Set(ds.map((d) => d.code)).size).toBe(ds.length);
    expect(new Set(ds.map((d) => d.name)).size).toBe(ds.length);
    ds.forEach((d, i) => {
      expect(d.code).toBe(`X070000${String(i + 1).padStart(2, '0')}`);
      expect(d.kind).toBe('lad');
      expect(d.populationYear).toBe(2021);
      expect(d.population).toBeGreaterThanOrEqual(50_000);
      expect(d.population).toBeLessThanOrEqual(200_000);
    });
  });

  it('has valid rings: closed, counter-clockwise exteriors (RFC 7946), no repeats, no self-intersections', () => {
    for (const coords of [demo.county.coordinates, ...demo.districts.map((d) => d.coordinates)]) {
      for (const poly of coords) {
        poly.forEach((ring, i) => {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          expect(ringSignedArea(ring) > 0).toBe(i === 0);
          for (let k = 1; k < ring.length; k++) expect(ring[k]).not.toEqual(ring[k - 1]);
        });
        expect(kinks(polygon(poly)).features).toHaveLength(0);
      }
    }
  });

  it('tiles the county: areas sum to its area within 1e-6 relative, no overlaps, nothing outside', () => {
    const countyArea = area(demo.county.coordinates);
    const areas = demo.districts.map((d) => area(d.coordinates));
    const sum = areas.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - countyArea) / countyArea).toBeLessThan(1e-6);
    demo.districts.forEach((d, i) => {
      expect(Math.abs(intersectionArea(d.coordinates, demo.county.coordinates) - areas[i]) / areas[i]).toBeLessThan(1e-6);
      for (let j = i + 1; j < demo.districts.length; j++) {
        expect(intersectionArea(d.coordinates, demo.districts[j].coordinates)).toBeLessThan(1); // m², of ~2,000 km²
      }
    });
  });

  it('matches the reference construction, turf.voronoi + turf.intersect, to 1e-6 relative area', () => {
    const geo = buildGeography();
    const [minE, minN, maxE, maxN] = bbox(demo.county.coordinates);
    const sites = featureCollection(geo.towns.map((t) => point([t.e, t.n])));
    const cells = voronoi(sites, { bbox: [minE - 1_000, minN - 1_000, maxE + 1_000, maxN + 1_000] });
    demo.districts.forEach((d, i) => {
      expect(d.coordinates).toEqual(geo.districts[i].coordinates);
      const cell = cells.features[i].geometry.coordinates;
      const reference = intersectionArea([cell], demo.county.coordinates);
      const mine = area(d.coordinates);
      expect(Math.abs(mine - reference) / reference).toBeLessThan(1e-6);
      expect(Math.abs(intersectionArea([cell], d.coordinates) - mine) / mine).toBeLessThan(1e-6);
    });
  });
});

describe('generateDemo: incidents', () => {
  it('puts every located incident on a snap point inside exactly one district; the rest have no location', () => {
    const inc = demo.incidents;
    const points = new Map<string, [number, number]>();
    let missing = 0;
    let bad = 0;
    for (let i = 0; i < inc.length; i++) {
      if (inc.locationIndex[i] < 0) {
        missing++;
        if (!Number.isNaN(inc.easting[i]) || !Number.isNaN(inc.northing[i])) bad++;
        continue;
      }
      if (inc.locationIndex[i] >= demo.locations.length) bad++;
      points.set(`${inc.easting[i]},${inc.northing[i]}`, [inc.easting[i], inc.northing[i]]);
    }
    expect(bad).toBe(0);
    expect(demo.locations.every((l) => /^On or near \S/.test(l))).toBe(true);
    expect(missing / inc.length).toBeGreaterThan(0.025);
    expect(missing / inc.length).toBeLessThan(0.035);
    expect(points.size).toBeGreaterThan(3_000);
    const outside = [...points.values()].filter(
      ([e, n]) =>
        !Number.isFinite(e) ||
        !Number.isFinite(n) ||
        !pointInMultiPolygon(e, n, demo.county.coordinates) ||
        demo.districts.filter((d) => pointInMultiPolygon(e, n, d.coordinates)).length !== 1,
    );
    expect(outside).toEqual([]);
  });

  it('has all 14 categories within 10 % (relative) of the issue shares', () => {
    const counts = new Array<number>(CATEGORIES.length).fill(0);
    for (const c of demo.incidents.categoryIndex) counts[c]++;
    const total = Object.values(ISSUE_SHARES).reduce((a, b) => a + b, 0);
    CATEGORIES.forEach((cat, c) => {
      const expected = ISSUE_SHARES[cat.slug] / total;
      expect(Math.abs(counts[c] / demo.incidents.length - expected)).toBeLessThan(0.1 * expected);
    });
  });

  it('gives ASB rows no outcome and every other row a police.uk outcome', () => {
    const asb = CATEGORIES.findIndex((c) => c.slug === 'anti-social-behaviour');
    const inc = demo.incidents;
    let wrong = 0;
    for (let i = 0; i < inc.length; i++) {
      const o = inc.outcomeIndex[i];
      if (inc.categoryIndex[i] === asb ? o !== -1 : o < 0 || o >= demo.outcomes.length) wrong++;
    }
    expect(wrong).toBe(0);
    expect(demo.outcomes).toContain('Investigation complete; no suspect identified');
    expect(demo.outcomes).toContain('Unable to prosecute suspect');
  });

  it('has about 40 % more ASB in June–August than in December–February', () => {
    const asb = CATEGORIES.findIndex((c) => c.slug === 'anti-social-behaviour');
    const calendar = demo.months.map((m) => Number(m.slice(5)));
    let summer = 0;
    let winter = 0;
    const inc = demo.incidents;
    for (let i = 0; i < inc.length; i++) {
      if (inc.categoryIndex[i] !== asb) continue;
      const month = calendar[inc.monthIndex[i]];
      if (month >= 6 && month <= 8) summer++;
      if (month === 12 || month <= 2) winter++;
    }
    expect(summer / winter).toBeGreaterThan(1.25);
    expect(summer / winter).toBeLessThan(1.6);
  });

  it('plants a growing and a fading hotspot in different places', () => {
    const growing = spotCounts(demo, demo.truth.growing);
    const fading = spotCounts(demo, demo.truth.fading);
    expect(growing.last).toBeGreaterThan(100);
    expect(growing.last).toBeGreaterThan(5 * growing.first);
    expect(fading.first).toBeGreaterThan(100);
    expect(fading.first).toBeGreaterThan(5 * fading.last);
    const { growing: g, fading: f } = demo.truth;
    expect(Math.hypot(g.easting - f.easting, g.northing - f.northing)).toBeGreaterThan(5_000);
  });

  it('makes the main night-time-economy spot the densest 250 m cell for violent crime', () => {
    const violent = CATEGORIES.findIndex((c) => c.slug === 'violent-crime');
    const cells = new Map<string, number>();
    const inc = demo.incidents;
    for (let i = 0; i < inc.length; i++) {
      if (inc.categoryIndex[i] !== violent || inc.locationIndex[i] < 0) continue;
      const key = `${Math.floor(inc.easting[i] / 250)},${Math.floor(inc.northing[i] / 250)}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    const [topKey] = [...cells].reduce((best, cur) => (cur[1] > best[1] ? cur : best));
    const [cx, cy] = topKey.split(',').map((v) => (Number(v) + 0.5) * 250);
    const nte = demo.truth.nightTimeEconomy[0];
    expect(Math.hypot(cx - nte.easting, cy - nte.northing)).toBeLessThan(nte.radiusM);
    expect(nte.categories).toEqual(['violent-crime', 'public-order', 'robbery']);
  });

  it('places every planted spot inside the county', () => {
    const { nightTimeEconomy, asbClusters, growing, fading } = demo.truth;
    for (const s of [...nightTimeEconomy, ...asbClusters, growing, fading]) {
      expect(pointInMultiPolygon(s.easting, s.northing, demo.county.coordinates)).toBe(true);
      expect(s.categories.every((slug) => CATEGORIES.some((c) => c.slug === slug))).toBe(true);
    }
  });
});
