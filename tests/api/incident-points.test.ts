import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IncidentPoints } from '../../db/incident-points';
import { bngToLonLat } from '../../geodata/bng';
import { generateDemo } from '../../geodata/demo/index';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { describeBackends } from '../setup/backends';
import { expectProblem } from './expect-problem';

const spot = generateDemo({ incidents: 0 }).truth.nightTimeEconomy[0]!; // the spots come from the geography alone
// About 1.4 km × 1.1 km around the planted town-centre violence hot spot: a street-level view.
const [W, S] = bngToLonLat(spot.easting - 700, spot.northing - 550);
const [E, N] = bngToLonLat(spot.easting + 700, spot.northing + 550);
const BBOX = [W, S, E, N].map((v) => v.toFixed(6)).join(',');

/** The response: the db module's columns plus what the route adds. */
interface Points extends IncidentPoints {
  bbox: number[];
  locations: number;
  caveat: string;
  parameters: Record<string, unknown>;
}

describeBackends('incident points API on the synthetic demo', (ctx) => {
  let request: (path: string) => Promise<Response>;
  beforeAll(() => {
    const app = createApp({ database: ctx.database, config: loadConfig({}) });
    request = async (path) => app.request(path);
  });

  const get = async (query: string): Promise<Points> => {
    const res = await request(`/api/incidents/points?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };

  /** Counted independently in SQL: located incidents of the categories inside the lon/lat box. */
  async function countInBox(categories: string[], from?: string): Promise<number> {
    const [w, s, e, n] = BBOX.split(',').map(Number);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from incidents
      where ST_X(geom) between ${w}::float8 and ${e}::float8 and ST_Y(geom) between ${s}::float8 and ${n}::float8
        and category in (${sql.join(categories)}) and month >= ${`${from ?? '1900-01'}-01`}::date`.execute(ctx.database.db);
    return rows[0]!.n;
  }

  it('returns one entry per snap point, columnar, with counts that add up to the incidents in the view', async () => {
    const r = await get(`bbox=${BBOX}&preset=serious-violence`);
    expect(r.truncated).toBe(false);
    expect(r.locations).toBeGreaterThan(20);
    for (const column of [r.lon, r.lat, r.easting, r.northing, r.location]) expect(column).toHaveLength(r.locations);
    expect(r.total).toBe(r.count.reduce((a, b) => a + b, 0));
    expect(r.total).toBe(await countInBox(['violent-crime', 'robbery', 'possession-of-weapons']));
    // Snap points: many incidents share one, so there are far fewer locations than incidents.
    expect(Math.max(...r.count)).toBeGreaterThan(5);
    expect(r.locations).toBeLessThan(r.total / 2);
    // Distinct locations, each inside the box, labelled as police.uk does.
    expect(new Set(r.easting.map((e, i) => `${e},${r.northing[i]}`)).size).toBe(r.locations);
    const [w, s, e, n] = r.bbox;
    r.lon.forEach((lon, i) => expect(lon >= w! && lon <= e! && r.lat[i]! >= s! && r.lat[i]! <= n!).toBe(true));
    expect(r.location.every((l) => l?.startsWith('On or near '))).toBe(true);
    expect(r.caveat).toMatch(/on or near.*not at an address/);
    // Category columns: only the requested categories, summing to each location's count.
    expect(Object.keys(r.byCategory).every((c) => ['violent-crime', 'robbery', 'possession-of-weapons'].includes(c))).toBe(true);
    r.count.forEach((count, i) => expect(Object.values(r.byCategory).reduce((a, col) => a + col[i]!, 0)).toBe(count));
    // Busiest first.
    expect(r.count).toEqual([...r.count].sort((a, b) => b - a));
  });

  it('matches the cell detail of the 1 m square a location is keyed on', async () => {
    const r = await get(`bbox=${BBOX}&categories=violent-crime,anti-social-behaviour`);
    const i = 0;
    const detail = await (await request(`/api/cell-detail?minX=${r.easting[i]}&minY=${r.northing[i]}&maxX=${r.easting[i]! + 1}&maxY=${r.northing[i]! + 1}&categories=violent-crime,anti-social-behaviour`)).json();
    expect(detail.total).toBe(r.count[i]);
    for (const [category, column] of Object.entries(r.byCategory)) expect(detail.byCategory[category] ?? 0).toBe(column[i]);
    // And the location really is at that metre: its lon/lat projects back into the square.
    const { rows } = await sql<{ x: number; y: number }>`
      select ST_X(p)::float8 as x, ST_Y(p)::float8 as y from (select ST_Transform(ST_SetSRID(ST_MakePoint(${r.lon[i]}::float8, ${r.lat[i]}::float8), 4326), 27700) as p) t`.execute(ctx.database.db);
    expect(Math.abs(rows[0]!.x - (r.easting[i]! + 0.5))).toBeLessThan(1);
    expect(Math.abs(rows[0]!.y - (r.northing[i]! + 0.5))).toBeLessThan(1);
  });

  it('applies the period filter and the location limit', async () => {
    const all = await get(`bbox=${BBOX}&categories=anti-social-behaviour`);
    const late = await get(`bbox=${BBOX}&categories=anti-social-behaviour&from=2026-01`);
    expect(late.total).toBeLessThan(all.total);
    expect(late.total).toBe(await countInBox(['anti-social-behaviour'], '2026-01'));
    const top = await get(`bbox=${BBOX}&categories=anti-social-behaviour&limit=5`);
    expect(top.truncated).toBe(true);
    expect(top.count).toEqual(all.count.slice(0, 5));
    expect(top.total).toBe(all.count.slice(0, 5).reduce((a, b) => a + b, 0));
  });

  it('answers an empty view with empty columns', async () => {
    const r = await get('bbox=-5.0,50.0,-4.99,50.01');
    expect(r).toMatchObject({ locations: 0, total: 0, count: [], byCategory: {}, truncated: false });
  });

  describe('bad parameters', () => {
    it.each([
      ['preset=asb', 'bbox', /expected string|Required|received undefined/i],
      ['bbox=1,2,3', 'bbox', /minLon,minLat,maxLon,maxLat/],
      ['bbox=-2.5,52,-1.5,53', 'bbox', /covers \d+ km²; points are served for at most 250 km²/],
      ['bbox=10,10,11,11', 'bbox', /Great Britain/],
      [`bbox=${BBOX}&preset=asb&categories=burglary`, 'categories', /either preset or categories/],
      [`bbox=${BBOX}&districts=E07000117`, 'districts', /unknown district/],
      [`bbox=${BBOX}&limit=0`, 'limit', /./],
      [`bbox=${BBOX}&from=2026-03&to=2026-01`, 'from', /must not be after/],
    ])('%s → 400 naming %s', async (query, parameter, detail) => {
      await expectProblem(await request(`/api/incidents/points?${query}`), parameter, detail);
    });
  });
}, { demo: true });
