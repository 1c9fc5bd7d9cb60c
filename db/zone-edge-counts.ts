import { type Kysely, sql } from 'kysely';
import { type CellGrid, cellIndexExpression } from './cell-counts';
import { type IncidentFilter, filterConditions } from './incident-filter';
import { json } from './json-param';
import type { Database } from './schema';

/** A patrol zone as exported, with the grid cells it was built from. */
export interface ZoneToCount {
  id: string;
  /** GeoJSON (Multi)Polygon in WGS84, exactly as exported. */
  geometry: string;
  /** Grid cell indices (row-major) of the zone before clipping. */
  cells: ArrayLike<number>;
}

/**
 * How far (m) a point may lie from a zone's exported boundary and still need testing. The
 * exported polygon differs from its BNG outline by the 6-decimal rounding (≤ 0.11 m) and by its
 * edges being straight in longitude/latitude (sag ≤ 0.03 m over the ≤ 0.01° pieces used below);
 * 1 m leaves a wide margin over both.
 */
const EDGE_MARGIN_M = 1;
/** Longest piece (degrees) a boundary is cut into before reprojection, so pieces stay straight in BNG. */
const DENSIFY_DEGREES = 0.01;

/**
 * Filtered incidents that need the exact test for a zone: those within EDGE_MARGIN_M of its
 * exported boundary, and all those in its cells that the exported polygon does not wholly cover
 * (cells cut by clipping to the study area, or by the rounding of the boundary). Grouped by the
 * cell they bin to (−1: outside the grid) and by whether the exported polygon contains them
 * (ST_Intersects: the boundary counts as inside).
 */
export type ZoneEdgeTally = Array<{ zone: string; category: string; cell: number; inside: boolean; n: number }>;

/**
 * The incidents near each zone's boundary, tested against the exported polygon itself. With
 * cell counts for the interior this gives exact counts (see server/patrol/zone-counts.ts)
 * while touching only the incident rows near edges: probing every point of dense zones through
 * the GiST index fetched ~300,000 wide rows for a county at 250 m.
 */
export async function zoneEdgeTally(db: Kysely<Database>, zones: readonly ZoneToCount[], filter: IncidentFilter, grid: CellGrid): Promise<ZoneEdgeTally> {
  if (zones.length === 0) return [];
  return (await edgeTallyQuery(zones, filter, grid).execute(db)).rows;
}

function edgeTallyQuery(zones: readonly ZoneToCount[], filter: IncidentFilter, grid: CellGrid) {
  const s = grid.cellSize;
  const cells = zones.flatMap((z) =>
    Array.from(z.cells, (c) => ({ id: z.id, x: grid.originX + (c % grid.cols) * s, y: grid.originY + Math.floor(c / grid.cols) * s })),
  );
  return sql<ZoneEdgeTally[number]>`
    with z as (
      select r.id, ST_SetSRID(ST_GeomFromGeoJSON(r.g), 4326) as gw
      from json_to_recordset(${json(zones.map((z) => ({ id: z.id, g: z.geometry })))}) as r(id text, g text)
    ),
    -- The exported polygon on the BNG plane. Its edges are straight in longitude/latitude (as
    -- ST_Intersects reads them), so they are cut short before reprojection to keep their course.
    zb as (select id, gw, ST_Transform(ST_Segmentize(gw, ${DENSIFY_DEGREES}::float8), 27700) as gb from z),
    uncovered as (
      select c.id, ST_MakeEnvelope(c.x, c.y, c.x + ${s}::float8, c.y + ${s}::float8, 27700) as box
      from json_to_recordset(${json(cells)}) as c(id text, x float8, y float8)
      join zb on zb.id = c.id
      -- Shrunk by half the margin: a cell covered this way has no point outside the polygon
      -- farther than the margin from its boundary, so the probes below suffice for it.
      where not ST_Covers(zb.gb, ST_MakeEnvelope(c.x + ${EDGE_MARGIN_M / 2}::float8, c.y + ${EDGE_MARGIN_M / 2}::float8,
                                                  c.x + ${s - EDGE_MARGIN_M / 2}::float8, c.y + ${s - EDGE_MARGIN_M / 2}::float8, 27700))
    ),
    -- Small boxes along the boundary (one per piece) and uncovered cells: each is one probe of
    -- the GiST index, so only incidents close to them are fetched.
    probe as (
      select zb.id, ST_Expand(ST_Envelope(d.geom), ${EDGE_MARGIN_M}::float8) as box
      from zb cross join lateral ST_DumpSegments(ST_Boundary(zb.gb)) d
      union all
      select id, box from uncovered
    ),
    candidate as (
      -- Distinct per zone: an incident under several boxes of a zone counts once.
      select distinct on (p.id, i.id) p.id as zone, i.id, i.category, i.easting, i.northing, i.geom
      from probe p cross join lateral (
        -- Only the spatial test in here (OFFSET 0 keeps the filters out): given the filters, the
        -- planner chose the category index and tested every filtered incident against every box
        -- (9 s for 445 boxes over 100,000 incidents on PGlite).
        select id, category, month, district_code, easting, northing, geom from incidents
        where geom_bng && p.box offset 0
      ) i
      where ${filterConditions(filter)}
      order by p.id, i.id
    )
    select c.zone, c.category, ${cellIndexExpression(grid, 'c')} as cell, ST_Intersects(z.gw, c.geom) as inside, count(*)::int as n
    from candidate c join z on z.id = c.zone
    group by 1, 2, 3, 4`;
}
