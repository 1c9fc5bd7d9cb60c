import { sql } from 'kysely';
import { deletePlan, insertPlan } from '../db/plans';
import { insertPlanFeature } from '../db/plan-features';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { BENCH_DATABASE_URL, benchDatabaseWithDemo } from './bench-database';
import { type Bench, benchIncidents, compareInterleaved, comparisonFigure } from './harness';

const INCIDENTS = benchIncidents();
const RUNS = 20;
const AREAS = 20;
/** The demo's 24 months (geodata/demo/generate-demo.ts). */
const FROM = '2024-10';
const TO = '2026-09';
/** Priority areas: squares of this side (m) on the district's busiest squares, as partnerships draw them. */
const AREA_SIDE = 600;

/**
 * Plan-vs-hotspot coverage (issue 13): a published plan with 20 priority areas over the busiest
 * district, created through db/plans.ts and db/plan-features.ts, through GET /api/plans/:id/coverage,
 * beside the raw SQL it cannot do without (one scan giving the district's cell tally and its
 * incidents in the priority areas by category, as db/plan-coverage.ts runs it). The plan is
 * deleted afterwards.
 */
export const bench: Bench = {
  name: 'plan-coverage',
  run: async () => {
    const database = await benchDatabaseWithDemo(INCIDENTS);
    const db = database.db;
    let planId: number | undefined;
    try {
      const { rows: [busiest] } = await sql<{ code: string; n: number }>`
        select district_code as code, count(*)::int as n from incidents
        where district_code is not null and month between ${`${FROM}-01`}::date and ${`${TO}-01`}::date
        group by 1 order by 2 desc limit 1`.execute(db);
      const code = busiest!.code;
      const plan = await insertPlan(db, {
        districtCode: code, title: 'Bench plan (deleted after the bench)', periodStart: FROM, periodEnd: TO, status: 'published',
        summary: '', priorities: [], ownerContact: '',
      }, 'bench');
      planId = plan.id;
      // The district's busiest squares of AREA_SIDE, one priority area on each (20 disjoint squares).
      const { rows: squares } = await sql<{ x: number; y: number }>`
        select floor(easting / ${AREA_SIDE}::float8)::float8 * ${AREA_SIDE}::float8 as x,
               floor(northing / ${AREA_SIDE}::float8)::float8 * ${AREA_SIDE}::float8 as y
        from incidents where district_code = ${code} and easting is not null
        group by 1, 2 order by count(*) desc, 1, 2 limit ${AREAS}`.execute(db);
      for (const [k, { x, y }] of squares.entries()) {
        const ring = [[x, y], [x + AREA_SIDE, y], [x + AREA_SIDE, y + AREA_SIDE], [x, y + AREA_SIDE], [x, y]];
        await insertPlanFeature(db, plan.id, {
          kind: 'priority-area', name: `Priority area ${k + 1}`, description: '', leadPartner: null, funding: null, properties: {},
        }, { geometry: { type: 'Polygon', coordinates: [ring] }, srid: 27700, repair: false }, 'bench');
      }
      const app = createApp({ database, config: loadConfig({ ANALYSIS_CACHE_ENTRIES: '0', DATABASE_URL: BENCH_DATABASE_URL }) });
      const path = `/api/plans/${plan.id}/coverage?from=${FROM}&to=${TO}`;
      const coverage = async () => {
        const res = await app.request(path);
        const body = await res.text();
        if (res.status !== 200) throw new Error(`coverage answered ${res.status}: ${body.slice(0, 300)}`);
        return JSON.parse(body) as { cellSize: number; hotCells: { total: number; covered: number }; incidents: { total: number; covered: number } };
      };
      const first = await coverage();
      const cs = first.cellSize;
      // The raw SQL of the same work, as the endpoint now does it (db/plan-coverage.ts): one scan
      // of the district's incidents grouped by position and category, each distinct position
      // tested against the priority areas once, the groups binned into cells.
      const rawSql = () => db.transaction().execute(async (trx) => {
        await sql`set local work_mem = '64MB'`.execute(trx);
        await sql`
          with positions as materialized (
            select easting, northing, category, count(*)::int as n from incidents
            where district_code = ${code} and month between ${`${FROM}-01`}::date and ${`${TO}-01`}::date
            group by 1, 2, 3
          ), covered as (
            select p.easting, p.northing from (select distinct easting, northing from positions where easting is not null) p
            where exists (select 1 from plan_features f where f.plan_id = ${plan.id} and f.kind = 'priority-area'
                          and ST_Covers(f.geom_bng, ST_SetSRID(ST_MakePoint(p.easting, p.northing), 27700)))
          )
          select floor(t.easting / ${cs}::float8)::int, floor(t.northing / ${cs}::float8)::int, t.category, sum(t.n)::int,
                 coalesce(sum(t.n) filter (where c.easting is not null), 0)::int
          from positions t left join covered c on c.easting = t.easting and c.northing = t.northing
          group by 1, 2, 3`.execute(trx);
      });
      const c = await compareInterleaved({ ours: coverage, baseline: rawSql, warmup: 3, runs: RUNS });
      return {
        bench: 'plan-coverage',
        figures: [
          comparisonFigure(c, {
            name: `GET /api/plans/:id/coverage, ${AREAS} priority areas over ${code} (${busiest!.n.toLocaleString('en-GB')} incidents in 24 months), on ${INCIDENTS.toLocaleString('en-GB')} incidents, PostGIS: p50`,
            baselineName: 'the raw SQL: one scan of the district\'s incidents by position and category, each position tested once, binned into cells (p50)',
            goal: '< 300',
            note: `${cs} m cells; ${first.hotCells.covered} of ${first.hotCells.total} hot cells and ${first.incidents.covered.toLocaleString('en-GB')} of ${first.incidents.total.toLocaleString('en-GB')} incidents covered`,
          }),
          { name: 'same: p95', unit: 'ms', value: c.ours.p95 },
        ],
        skipped: INCIDENTS === 1_000_000 ? [] : [`run on ${INCIDENTS.toLocaleString('en-GB')} incidents, not the 1,000,000 of the goal`],
      };
    } finally {
      if (planId !== undefined) await deletePlan(db, planId);
      await database.close();
    }
  },
};
