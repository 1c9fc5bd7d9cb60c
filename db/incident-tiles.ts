import { type Kysely, sql } from 'kysely';
import type { Database } from './schema';
import { TILE_BUFFER, TILE_EXTENT, type TileBox, type TileQuery, inTileBox, mercatorOf, tileBox, tileCte, tileUnits } from './tile-selection';

export { TILE_BUFFER, TILE_EXTENT, type TileAddress } from './tile-selection';
export const TILE_LAYER = 'incidents';

export type IncidentTileQuery = TileQuery;

/** One incident in tile units (origin top left, y down), as ST_AsMVTGeom would place it. */
export interface IncidentTilePoint {
  id: number;
  x: number;
  y: number;
  category: string;
  /** YYYY-MM. */
  month: string;
}

/**
 * CTEs `selected` (the filtered incidents in the tile's BNG box, from the index alone) and
 * `inside` (their distinct positions that fall inside the grown tile, in Mercator). police.uk
 * puts many incidents on each snap point, so projecting positions rather than rows saves most of
 * the reprojection: the busiest z14 tile of the bench holds 59,555 incidents at 108 positions.
 * A position is its exact BNG coordinates, which the writers derive from the WGS84 point by
 * ST_Transform; transforming back agrees with that point to well under a tile unit.
 */
function tileRows(q: IncidentTileQuery, box: TileBox) {
  return sql`
    ${tileCte(q)}, selected as not materialized (
      select id, category, month, easting, northing from incidents where ${inTileBox(box, q.filter)}
    ), positions as materialized (
      select easting, northing, ${mercatorOf(sql`easting`, sql`northing`)} as geom
      from (select distinct easting, northing from selected) d
    ), inside as (
      select p.* from positions p, tile where p.geom && tile.grown
    )`;
}

/**
 * A tile's incidents in tile units, for the embedded database (its PostGIS lacks protobuf, so
 * ST_AsMVT fails there): the same selection and the same arithmetic as ST_AsMVTGeom, rounded
 * to whole units, for a JavaScript encoder.
 */
export async function incidentTilePoints(db: Kysely<Database>, q: IncidentTileQuery): Promise<IncidentTilePoint[]> {
  const { rows } = await sql<IncidentTilePoint>`
    with ${tileRows(q, await tileBox(db, q))}, placed as materialized (
      select i.easting, i.northing, ${tileUnits(sql`i.geom`)} from inside i, tile
    )
    select s.id::float8 as id, s.category, to_char(s.month, 'YYYY-MM') as month, p.x, p.y
    from selected s join placed p on p.easting = s.easting and p.northing = s.northing
    order by s.id`.execute(db);
  return rows;
}

/**
 * The tile encoded by PostGIS (ST_AsMVT): the PostgreSQL server path. ST_AsMVTGeom runs once per
 * position, not per incident. Empty tile: zero bytes.
 */
export async function incidentTileMvt(db: Kysely<Database>, q: IncidentTileQuery): Promise<Uint8Array> {
  const { rows } = await sql<{ mvt: Uint8Array | null }>`
    with ${tileRows(q, await tileBox(db, q))}, placed as materialized (
      select i.easting, i.northing, ST_AsMVTGeom(i.geom, tile.bounds, ${TILE_EXTENT}::int, ${TILE_BUFFER}::int, true) as geom
      from inside i, tile
    ), features as (
      select s.id, s.category, to_char(s.month, 'YYYY-MM') as month, p.geom
      from selected s join placed p on p.easting = s.easting and p.northing = s.northing
      where p.geom is not null
    )
    select ST_AsMVT(features.*, ${TILE_LAYER}::text, ${TILE_EXTENT}::int, 'geom', 'id') as mvt from features`.execute(db);
  return rows[0]?.mvt ?? new Uint8Array();
}
