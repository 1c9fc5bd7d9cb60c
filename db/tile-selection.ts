import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type IncidentFilter, filterConditions } from './incident-filter';
import type { Database } from './schema';

/** Mapbox Vector Tile grid: 4096 units a side, 64 units of buffer so symbols at edges are not cut. */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

export interface TileQuery extends TileAddress {
  filter: IncidentFilter;
}

/** The tile grown by its buffer, as a BNG bounding box (metres), and the index's 250 m strips it crosses. */
export interface TileBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  strips: number[];
}

/** Width (m) of the easting strips of the index incidents_snap_position (migration 2026-12-02T1410). */
const STRIP_METRES = 250;

/**
 * CTE `tile`: the tile's Mercator bounds and the bounds grown by its buffer, to start a `with`.
 */
export function tileCte(q: TileAddress) {
  return sql`
    tile as materialized (
      select ST_TileEnvelope(${q.z}::int, ${q.x}::int, ${q.y}::int, margin => ${TILE_BUFFER / TILE_EXTENT}::float8) as grown,
             ST_TileEnvelope(${q.z}::int, ${q.x}::int, ${q.y}::int) as bounds
    )`;
}

/**
 * The grown tile's BNG bounding box, plus 10 m because a Mercator rectangle's edges bow slightly
 * in BNG. Asked for first, on its own, so the tile query gets it as values: with the box computed
 * inside that query the planner guessed one row for the index scan (it holds 60,000 in the
 * busiest z14 tile) and joined by nested loops.
 */
export async function tileBox(db: Kysely<Database>, q: TileAddress): Promise<TileBox> {
  const { rows } = await sql<Omit<TileBox, 'strips'>>`
    with ${tileCte(q)}
    select ST_XMin(b) as x0, ST_XMax(b) as x1, ST_YMin(b) as y0, ST_YMax(b) as y1
    from (select ST_Expand(ST_Envelope(ST_Transform(grown, 27700)), 10) as b from tile) t`.execute(db);
  const box = rows[0]!;
  const strips: number[] = [];
  for (let s = Math.floor(box.x0 / STRIP_METRES); s <= Math.floor(box.x1 / STRIP_METRES); s++) strips.push(s);
  return { ...box, strips };
}

/**
 * The condition on `incidents` (columns unqualified) that selects the filtered incidents inside
 * the box, written to match the index incidents_snap_position: one range scan of northing per
 * 250 m strip of easting the box crosses, reading only index entries, never the table. The caller
 * still tests each position exactly against the Mercator tile: the box is a superset.
 */
export function inTileBox(box: TileBox, filter: IncidentFilter) {
  return sql`floor(easting / ${sql.lit(STRIP_METRES)})::int in (${sql.join(box.strips.map((s) => sql`${s}::int`))})
    and northing between ${box.y0}::float8 and ${box.y1}::float8
    and easting between ${box.x0}::float8 and ${box.x1}::float8
    and ${filterConditions(filter)}`;
}

/** A BNG position (columns or expressions) as a Web Mercator point. */
export function mercatorOf(easting: RawBuilder<unknown>, northing: RawBuilder<unknown>) {
  return sql`ST_Transform(ST_SetSRID(ST_MakePoint(${easting}, ${northing}), 27700), 3857)`;
}

/**
 * A Mercator point's position in tile units (origin top left, y down), rounded as ST_AsMVTGeom
 * rounds: the same arithmetic, for the embedded database whose PostGIS lacks protobuf.
 */
export function tileUnits(geom: RawBuilder<unknown>) {
  return sql`
    round((ST_X(${geom}) - ST_XMin(tile.bounds)) * ${TILE_EXTENT}::float8 / (ST_XMax(tile.bounds) - ST_XMin(tile.bounds)))::int as x,
    round((ST_YMax(tile.bounds) - ST_Y(${geom})) * ${TILE_EXTENT}::float8 / (ST_YMax(tile.bounds) - ST_YMin(tile.bounds)))::int as y`;
}
