import { type Kysely, sql } from 'kysely';
import type { Database } from './schema';
import { TILE_BUFFER, TILE_EXTENT, type TileBox, type TileQuery, inTileBox, mercatorOf, tileBox, tileCte, tileUnits } from './tile-selection';

export const SNAP_POINT_LAYER = 'snap-points';

/**
 * One police.uk snap point of a tile in tile units (origin top left, y down), with what the
 * street layer shows of it: the fields of one entry of GET /api/incidents/points.
 */
export interface SnapPointTilePoint {
  x: number;
  y: number;
  /** Whole BNG metres (EPSG:27700, floored) the incidents were grouped on, as in the points JSON. */
  easting: number;
  northing: number;
  count: number;
  /** Counts per category slug present at the point. */
  byCategory: Record<string, number>;
  location: string | null;
}

/**
 * CTE `inside`: the filtered incidents of the tile grouped per snap point, as db/incident-points.ts
 * groups them (the whole BNG metre), with counts per category; only the points whose position
 * falls inside the grown tile, in Mercator. One pass over the index incidents_snap_position, no
 * table read for the counts; then one row per point for its label.
 *
 * The position is the mean of the point's BNG coordinates, projected: every incident of a snap
 * point has the same coordinates, so that is the point itself (the JSON averages lon/lat instead,
 * which agrees to well under a tile unit). The label is read from one incident of the point
 * rather than the first alphabetically of all of them, which would read every row of the table
 * at the point: police.uk names each snap point once, so its incidents share the label.
 */
function snapPoints(q: TileQuery, box: TileBox) {
  return sql`
    ${tileCte(q)}, per_category as (
      select floor(easting)::int as ex, floor(northing)::int as ny, category, count(*)::int as n,
        sum(easting) as sum_e, sum(northing) as sum_n
      from incidents where ${inTileBox(box, q.filter)}
      group by 1, 2, 3
    ), points as (
      select ex, ny, sum(n)::int as count, jsonb_object_agg(category, n) as by_category,
        ${mercatorOf(sql`sum(sum_e) / sum(n)`, sql`sum(sum_n) / sum(n)`)} as geom
      from per_category group by ex, ny
    ), inside as materialized (
      select p.*, (
        select location from incidents
        where floor(easting / 250)::int = floor(p.ex / 250.0)::int
          and northing >= p.ny and northing < p.ny + 1 and easting >= p.ex and easting < p.ex + 1
          and location is not null
        limit 1
      ) as location
      from points p, tile where p.geom && tile.grown
    )`;
}

/** A tile's snap points in tile units, for the embedded database (no protobuf: a JavaScript encoder). */
export async function snapPointTilePoints(db: Kysely<Database>, q: TileQuery): Promise<SnapPointTilePoint[]> {
  const { rows } = await sql<SnapPointTilePoint>`
    with ${snapPoints(q, await tileBox(db, q))}
    select i.ex as easting, i.ny as northing, i.count, i.by_category as "byCategory", i.location, ${tileUnits(sql`i.geom`)}
    from inside i, tile order by i.ex, i.ny`.execute(db);
  return rows;
}

/**
 * The tile encoded by PostGIS (ST_AsMVT), layer `snap-points`: per point `count`, `easting`,
 * `northing`, `location` (absent when unnamed) and one property per category present, named by
 * its slug, holding its count. Empty tile: zero bytes.
 */
export async function snapPointTileMvt(db: Kysely<Database>, q: TileQuery): Promise<Uint8Array> {
  const { rows } = await sql<{ mvt: Uint8Array | null }>`
    with ${snapPoints(q, await tileBox(db, q))}, features as (
      select i.count, i.ex as easting, i.ny as northing, i.location, i.by_category,
        ST_AsMVTGeom(i.geom, tile.bounds, ${TILE_EXTENT}::int, ${TILE_BUFFER}::int, true) as geom
      from inside i, tile order by i.ex, i.ny
    )
    select ST_AsMVT(features.*, ${SNAP_POINT_LAYER}::text, ${TILE_EXTENT}::int, 'geom') as mvt
    from features where geom is not null`.execute(db);
  return rows[0]?.mvt ?? new Uint8Array();
}
