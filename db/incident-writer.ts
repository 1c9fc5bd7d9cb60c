import { type Transaction, sql } from 'kysely';
import { districtContaining } from './districts';
import type { Database, IncidentSource } from './schema';
import { json } from './json-param';

/** One incident as the loaders hand it over; coordinates in the batch's CRS, null without location. */
export interface IncidentInput {
  crimeId: string | null;
  /** 'YYYY-MM' */
  month: string;
  category: string;
  force: string;
  location: string | null;
  lsoaCode: string | null;
  lsoaName: string | null;
  outcome: string | null;
  x: number | null;
  y: number | null;
}

export interface IncidentBatch {
  source: IncidentSource;
  importId: number;
  /** 4326 (police.uk longitude/latitude) or 27700 (British National Grid metres). */
  srid: 4326 | 27700;
  rows: readonly IncidentInput[];
}

/**
 * Inserts a batch in one statement, reprojecting to both stored CRSs and assigning each point to
 * the district containing it (point-in-polygon on the GiST-indexed BNG boundaries; a point on a
 * shared border goes to the lowest code, so the assignment is deterministic).
 * The batch travels as one JSON parameter: the same code path on postgres.js and PGlite, with no
 * per-driver array or COPY handling, at ~10k rows a statement (see json-param.ts).
 */
export async function insertIncidentBatch(trx: Transaction<Database>, batch: IncidentBatch): Promise<number> {
  if (batch.rows.length === 0) return 0;
  const point =
    batch.srid === 27700
      ? sql`select b as geom_bng, ST_Transform(b, 4326) as geom from (select ST_SetSRID(ST_MakePoint(r.x, r.y), 27700) as b) s`
      : sql`select ST_Transform(g, 27700) as geom_bng, g as geom from (select ST_SetSRID(ST_MakePoint(r.x, r.y), 4326) as g) s`;
  const payload = json(
    batch.rows.map((r) => ({
      crime_id: r.crimeId, month: `${r.month}-01`, category: r.category, force: r.force,
      location: r.location, lsoa_code: r.lsoaCode, lsoa_name: r.lsoaName, outcome: r.outcome,
      x: r.x, y: r.y,
    })),
  );
  const result = await sql`
    insert into incidents (source, crime_id, month, category, force, location, lsoa_code, lsoa_name,
                           outcome, geom, geom_bng, easting, northing, district_code, import_id)
    select ${batch.source}, r.crime_id, r.month::date, r.category, r.force, r.location, r.lsoa_code,
           r.lsoa_name, r.outcome, p.geom, p.geom_bng, ST_X(p.geom_bng), ST_Y(p.geom_bng), ${districtContaining(sql.ref('p.geom_bng'))},
           ${batch.importId}
    from json_to_recordset(${payload}) as r(crime_id text, month text, category text, force text,
         location text, lsoa_code text, lsoa_name text, outcome text, x float8, y float8)
    left join lateral (${point}) p on r.x is not null and r.y is not null`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
