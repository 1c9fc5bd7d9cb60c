import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { markDataChanged } from '../../db/dataset';
import { upsertDistricts } from '../../db/district-writer';
import { finishImport, startImport } from '../../db/imports';
import { type IncidentInput, insertIncidentBatch } from '../../db/incident-writer';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { type BackendContext, describeBackends } from '../setup/backends';

// Zone counts come from cell totals plus an exact test of incidents near each zone's edge
// (server/patrol/zone-counts.ts). This county puts incidents exactly where that could go wrong:
// on cell edges and corners, centimetres either side of a zone's boundary, and in the parts of
// clipped cells that lie outside the county.
//
// 100 m cells from (350000, 430000). District A is the square 350000–351000 × 430000–431000 less
// a notch 350000–350040 × 430800–430900 on its west side, which cuts a cell in two along a
// straight edge; district B is the triangle east of it with a hypotenuse x + y = 781730, which
// cuts the corners of the cells along it.

interface Feature {
  geometry: unknown;
  properties: { id: string; incidents: number; cells: number; area_m2: number; incidents_by_category: Record<string, number> };
}

const at = (x: number, y: number, category = 'violent-crime'): IncidentInput => ({
  crimeId: null, month: '2025-01', category, force: 'test', location: 'On or near Test Street', lsoaCode: null, lsoaName: null, outcome: null, x, y,
});

/** 100 incidents spread inside the cell with lower-left (x, y): makes it one of the top cells. */
const heavy = (x: number, y: number) => Array.from({ length: 100 }, (_, k) => at(x + 10 + 0.8 * k, y + 20 + 0.6 * k));

const INCIDENTS: IncidentInput[] = [
  // H1: a single-cell zone; probes on its edges, at its corners and centimetres either side.
  ...heavy(350500, 430500),
  at(350500, 430550), at(350600, 430550, 'burglary'), at(350550, 430600), at(350550, 430500, 'anti-social-behaviour'),
  at(350500, 430500), at(350600, 430600), at(350600, 430500), at(350500, 430600),
  at(350599.8, 430550), at(350600.2, 430550, 'burglary'), at(350600.04, 430520), at(350599.96, 430521),
  at(350550, 430600.03), at(350550, 430599.97, 'anti-social-behaviour'), at(350499.99, 430570), at(350500.01, 430570),
  // Points crossing each edge of H1 in 2 mm steps from −6 to +6 cm: the exported polygon's vertices
  // are rounded to 1e-6° (up to ~3 cm east–west, ~6 cm north–south), so some of these bin into H1
  // yet lie outside the exported polygon, or the reverse.
  ...Array.from({ length: 61 }, (_, j) => {
    const off = (j - 30) * 0.002;
    const along = 1.5 * j + 3;
    return [at(350500 + off, 430500 + along), at(350600 + off, 430500 + along), at(350500 + along, 430500 + off), at(350500 + along, 430600 + off, 'burglary')];
  }).flat(),
  // H2, H3: cells cut by the hypotenuse; probes inside, on and outside it, and in the cut-off corners.
  ...heavy(351300, 430300), ...heavy(351200, 430400),
  at(351360.1, 430369.7), at(351360.3, 430369.9, 'burglary'), at(351365, 430365), at(351390, 430390), at(351290, 430490, 'burglary'),
  at(351300, 430400), at(351330, 430400), at(351300, 430420),
  // H4: a two-cell zone across the A/B border (x = 351000), with incidents on the shared edge.
  ...heavy(350900, 430100), ...heavy(351000, 430100),
  at(351000, 430150), at(351000, 430100, 'burglary'), at(351000, 430200), at(350999.99, 430150), at(351100, 430150),
  // H5: the cell the notch cuts; its incidents in the notch lie outside the county, far from the
  // notch's edges.
  ...Array.from({ length: 100 }, (_, k) => at(350045 + 0.5 * k, 430820 + 0.6 * k)),
  at(350020, 430850), at(350010, 430830, 'burglary'), at(350030, 430870), at(350040, 430850), at(350039.5, 430850),
];

async function loadEdgeCounty(ctx: BackendContext): Promise<void> {
  const polygon = (ring: number[][]) => JSON.stringify({ type: 'Polygon', coordinates: [ring] });
  await ctx.database.db.transaction().execute(async (trx) => {
    const importId = await startImport(trx, 'police-csv', 'edge county');
    await upsertDistricts(trx, 27700, [
      { code: 'X07000001', name: 'Squareham', kind: 'lad', population: 1000, populationYear: 2021, geometry: polygon([[350000, 430000], [351000, 430000], [351000, 431000], [350000, 431000], [350000, 430900], [350040, 430900], [350040, 430800], [350000, 430800], [350000, 430000]]) },
      { code: 'X07000002', name: 'Wedgeford', kind: 'lad', population: 1000, populationYear: 2021, geometry: polygon([[351000, 430000], [351730, 430000], [351000, 430730], [351000, 430000]]) },
    ]);
    await insertIncidentBatch(trx, { source: 'police-csv', importId, srid: 27700, rows: INCIDENTS });
    await finishImport(trx, importId, { status: 'succeeded', counts: { rowsRead: INCIDENTS.length, rowsLoaded: INCIDENTS.length, rowsWithoutLocation: 0, rowsRejected: 0 }, report: {} });
    await markDataChanged(trx, { synthetic: false });
  });
}

describeBackends('patrol zone counts at cell and zone edges', (ctx) => {
  let features: Feature[];

  beforeAll(async () => {
    await loadEdgeCounty(ctx);
    const app = createApp({ database: ctx.database, config: loadConfig({}) });
    const res = await app.request('/api/patrol-zones?cellSize=100&rule=top-cells&k=6&format=json');
    expect(res.status).toBe(200);
    features = (await res.json()).features;
  });

  it('builds the planted zones, clipping the ones on the hypotenuse and the notch', () => {
    expect(features.map((f) => f.properties.cells).sort()).toEqual([1, 1, 1, 1, 2]);
    const clipped = features.filter((f) => f.properties.area_m2 < f.properties.cells * 10_000 - 1);
    expect(clipped.map((f) => Math.round(f.properties.area_m2)).sort()).toEqual([6000, 7550, 7550]);
  });

  it('counts each zone and category exactly as PostGIS does against the exported polygon', async () => {
    for (const f of features) {
      const { rows } = await sql<{ category: string; n: number }>`
        select category, count(*)::int as n from incidents
        where ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.geometry)}), 4326), geom)
        group by 1 order by 1`.execute(ctx.database.db);
      expect(f.properties.incidents_by_category).toEqual(Object.fromEntries(rows.map((r) => [r.category, r.n])));
      expect(f.properties.incidents).toBe(rows.reduce((a, r) => a + r.n, 0));
    }
  });

  it('had incidents that bin into a zone yet lie outside it, or the reverse (the test is not vacuous)', async () => {
    // The single-cell zone H1: its cell's count differs from what its exported polygon holds.
    const h1 = features.find((f) => f.properties.cells === 1 && f.properties.area_m2 > 9_999)!;
    const inCell = INCIDENTS.filter((i) => i.x! >= 350500 && i.x! < 350600 && i.y! >= 430500 && i.y! < 430600).length;
    expect(h1.properties.incidents).not.toBe(inCell);
    let onOrNear = 0;
    for (const f of features) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from incidents, (select ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.geometry)}), 4326), 27700) as g) s
        where ST_DWithin(ST_Boundary(s.g), geom_bng, 0.5)`.execute(ctx.database.db);
      onOrNear += rows[0]!.n;
    }
    expect(onOrNear).toBeGreaterThan(15);
  });
});
