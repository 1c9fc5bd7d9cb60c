import { type Kysely, sql } from 'kysely';
import { type IncidentFilter, filterConditions } from './incident-filter';
import type { Database } from './schema';

/** Mapbox Vector Tile grid: 4096 units a side, 64 units of buffer so symbols at edges are not cut. */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
export const TILE_LAYER = 'incidents';

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

export interface IncidentTileQuery extends TileAddress {
  filter: IncidentFilter;
}

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
 * The incidents a tile shows, in Web Mercator: those inside the tile grown by the buffer. The
 * GiST index on geom_bng finds candidates (the tile's corners taken to BNG, grown by 10 m because
 * a Mercator rectangle's edges bow slightly in BNG); the exact test is on Mercator coordinates.
 */
function tileRows(q: IncidentTileQuery) {
  const margin = TILE_BUFFER / TILE_EXTENT;
  return sql`
    with tile as (
      select ST_TileEnvelope(${q.z}::int, ${q.x}::int, ${q.y}::int, margin => ${margin}::float8) as grown,
             ST_TileEnvelope(${q.z}::int, ${q.x}::int, ${q.y}::int) as bounds
    ), candidates as (
      select i.id, i.category, to_char(i.month, 'YYYY-MM') as month, ST_Transform(i.geom, 3857) as geom, tile.bounds
      from incidents i, tile
      where ${filterConditions(q.filter)}
        and i.geom_bng && ST_Expand(ST_Envelope(ST_Transform(tile.grown, 27700)), 10)
    )
    select c.* from candidates c, tile where c.geom && tile.grown`;
}

/**
 * A tile's incidents in tile units, for the embedded database (its PostGIS lacks protobuf, so
 * ST_AsMVT fails there): the same selection and the same arithmetic as ST_AsMVTGeom, rounded
 * to whole units, for a JavaScript encoder.
 */
export async function incidentTilePoints(db: Kysely<Database>, q: IncidentTileQuery): Promise<IncidentTilePoint[]> {
  const { rows } = await sql<IncidentTilePoint>`
    with selected as (${tileRows(q)})
    select id::float8 as id, category, month,
      round((ST_X(geom) - ST_XMin(bounds)) * ${TILE_EXTENT}::float8 / (ST_XMax(bounds) - ST_XMin(bounds)))::int as x,
      round((ST_YMax(bounds) - ST_Y(geom)) * ${TILE_EXTENT}::float8 / (ST_YMax(bounds) - ST_YMin(bounds)))::int as y
    from selected order by id`.execute(db);
  return rows;
}

/** The tile encoded by PostGIS (ST_AsMVT): the PostgreSQL server path. Empty tile: zero bytes. */
export async function incidentTileMvt(db: Kysely<Database>, q: IncidentTileQuery): Promise<Uint8Array> {
  const { rows } = await sql<{ mvt: Uint8Array | null }>`
    with selected as (${tileRows(q)}),
    features as (
      select id, category, month,
        ST_AsMVTGeom(geom, bounds, ${TILE_EXTENT}::int, ${TILE_BUFFER}::int, true) as geom
      from selected
    )
    select ST_AsMVT(features.*, ${TILE_LAYER}::text, ${TILE_EXTENT}::int, 'geom', 'id') as mvt
    from features where geom is not null`.execute(db);
  return rows[0]?.mvt ?? new Uint8Array();
}
