import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTinyCounty } from '../fixtures/tiny-county';
import { describeBackends } from '../setup/backends';
import { LAD_2024, POPULATION_2021 as POPULATION, VALID_CSV, cli, fixtures, lastImport, snapshot, tempFile } from './helpers';

describeBackends('import boundaries (tiny county)', (ctx) => {
  const db = () => ctx.database.db;

  beforeAll(async () => {
    await loadTinyCounty(db());
    await cli(ctx.database, ['import', 'police-csv', VALID_CSV]);
  });

  it('reads TopoJSON in EPSG:27700, says so, keeps populations and re-assigns incidents', async () => {
    // Move every testshire incident to the wrong district first: the import must put them back.
    await sql`update incidents set district_code = null where force = 'testshire'`.execute(db());
    const before = await snapshot(db());
    const out = await cli(ctx.database, ['import', 'boundaries', join(fixtures, 'two-squares.topojson'), '--code-field', 'code', '--name-field', 'name']);
    expect(out.error).toBeUndefined();
    const text = out.lines.join('\n');
    expect(text).toContain('TopoJSON, 2 lad districts (0 new, 2 updated)');
    expect(text).toMatch(/coordinates read as EPSG:27700 \(British National Grid metres\), detected from the coordinate ranges \(x 350000\.\.352000, y 430000\.\.431000\)/);
    expect(text).toContain('6 incidents re-assigned');
    const after = await snapshot(db());
    expect(after.data_version).toBe(before.data_version + 1);
    const { rows } = await sql<{ code: string; population: number; area_m2: number; type: string }>`
      select code, population, round(area_m2)::int as area_m2, ST_GeometryType(geom) as type from districts order by code`.execute(db());
    expect(rows).toEqual([
      { code: 'X07000001', population: 1000, area_m2: 1_000_000, type: 'ST_MultiPolygon' },
      { code: 'X07000002', population: 2000, area_m2: 1_000_000, type: 'ST_MultiPolygon' },
    ]);
    const assigned = await sql<{ n: number }>`select count(*)::int as n from incidents where force = 'testshire' and district_code is not null`.execute(db());
    expect(assigned.rows[0]!.n).toBe(6);
  });

  it('repairs an invalid polygon with ST_MakeValid and warns, reading a crs member', async () => {
    const bowtie = [[[352000, 430000], [353000, 431000], [353000, 430000], [352000, 431000], [352000, 430000]]];
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } },
      features: [{ type: 'Feature', properties: { C: 'X07000003', N: 'Bowtie' }, geometry: { type: 'Polygon', coordinates: bowtie } }],
    });
    const out = await cli(ctx.database, ['import', 'boundaries', tempFile('bowtie.geojson', geojson), '--code-field', 'C', '--name-field', 'N', '--kind', 'ward']);
    expect(out.error).toBeUndefined();
    const text = out.lines.join('\n');
    expect(text).toContain('from its crs member "urn:ogc:def:crs:EPSG::27700", matching the coordinate ranges');
    expect(text).toMatch(/warning: X07000003 had an invalid polygon \(Self-intersection.*\); repaired with ST_MakeValid/);
    const { rows } = await sql<{ area: number; kind: string }>`select round(area_m2)::int as area, kind from districts where code = 'X07000003'`.execute(db());
    expect(rows).toEqual([{ area: 500_000, kind: 'ward' }]);
    expect((await lastImport(db())).report).toMatchObject({ repaired: [{ code: 'X07000003' }] });
  });

  it('refuses a crs member that contradicts the coordinates', async () => {
    const before = await snapshot(db());
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'EPSG:4326' } },
      features: [{ type: 'Feature', properties: { C: 'X07000004', N: 'A' }, geometry: { type: 'Polygon', coordinates: [[[350000, 430000], [350100, 430000], [350100, 430100], [350000, 430000]]] } }],
    });
    const out = await cli(ctx.database, ['import', 'boundaries', tempFile('a.geojson', geojson), '--code-field', 'C', '--name-field', 'N']);
    expect(out.error).toMatch(/crs member says EPSG:4326 but the coordinates .* look like EPSG:27700/);
    expect(await snapshot(db())).toEqual(before);
  });
});

describeBackends('import boundaries and population (real ONS files)', (ctx) => {
  const db = () => ctx.database.db;

  it('loads the LAD 2024 GeoJSON (WGS84, detected) and the Census 2021 OA population by LSOA-name prefix', async () => {
    const b = await cli(ctx.database, ['import', 'boundaries', LAD_2024, '--code-field', 'AREACD', '--name-field', 'AREANM']);
    expect(b.error).toBeUndefined();
    expect(b.lines.join('\n')).toContain('GeoJSON, 14 lad districts (14 new, 0 updated)');
    expect(b.lines.join('\n')).toContain('EPSG:4326 (WGS84 longitude/latitude), detected from the coordinate ranges');
    const p = await cli(ctx.database, ['import', 'population', POPULATION, '--lsoa-name-field', 'Parent area type', '--value-field', 'Total', '--year', '2021']);
    expect(p.error).toBeUndefined();
    const text = p.lines.join('\n');
    expect(text).toContain('population 2021 for 14 districts');
    expect(text).toContain('rows read 4,982, summed 4,982');
    expect(text).toContain('the LSOA name without its " 001A" suffix');
    // Per-LAD sums of `Total` as tabulated in tests/fixtures/real/README.md (summed with Python's csv module).
    const { rows } = await sql<{ name: string; population: number; population_year: number }>`
      select name, population, population_year from districts order by name`.execute(db());
    expect(Object.fromEntries(rows.map((r) => [r.name, r.population]))).toEqual({
      'Blackburn with Darwen': 154741, Blackpool: 141050, Burnley: 94653, Chorley: 117722, Fylde: 81383, Hyndburn: 82237,
      Lancaster: 142923, Pendle: 95776, Preston: 147853, 'Ribble Valley': 61558, Rossendale: 70870, 'South Ribble': 111021,
      'West Lancashire': 117459, Wyre: 111940,
    });
    expect(rows.every((r) => r.population_year === 2021)).toBe(true);
  });

  it('sets population by district code too', async () => {
    const csv = 'LAD code,Population\nE07000117,95000\nE99999999,5\n';
    const out = await cli(ctx.database, ['import', 'population', tempFile('pop.csv', csv), '--code-field', 'LAD code', '--value-field', 'Population', '--year', '2024']);
    expect(out.error).toBeUndefined();
    expect(out.lines.join('\n')).toContain('1 rows matched no district: E99999999 (1)');
    const { rows } = await sql<{ population: number; population_year: number }>`select population, population_year from districts where code = 'E07000117'`.execute(db());
    expect(rows[0]).toEqual({ population: 95000, population_year: 2024 });
  });
});

describe('fixtures', () => {
  it('points at the committed real sample', async () => {
    const { existsSync } = await import('node:fs');
    expect(existsSync(LAD_2024)).toBe(true);
    expect(existsSync(POPULATION)).toBe(true);
  });
});
