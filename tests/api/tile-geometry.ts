import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema';

// The slippy-map formulae, independent of PostGIS and of the code under test, for the vector tile
// suites to check where features land.

const tileX = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z;
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
};

/** Web Mercator tile position of a lon/lat at zoom z, in tile units of tile (x, y). */
export function tileUnits(lon: number, lat: number, z: number, x: number, y: number): { px: number; py: number } {
  return { px: (tileX(lon, z) - x) * 4096, py: (tileY(lat, z) - y) * 4096 };
}

/** The tile's lon/lat box grown by a quarter tile each side (west, south, east, north): a generous prefilter, not the test. */
export function grownLonLatBox(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lon(x - 0.25), lat(y + 1.25), lon(x + 1.25), lat(y - 0.25)];
}

/** The busiest tile at zoom z of the loaded incidents: the tile of their busiest 1 km square's centre. */
export async function busiestTile(db: Kysely<Database>, z: number): Promise<{ x: number; y: number }> {
  const { rows } = await sql<{ lon: number; lat: number }>`
    select avg(ST_X(geom))::float8 as lon, avg(ST_Y(geom))::float8 as lat from incidents
    group by floor(easting / 1000), floor(northing / 1000) order by count(*) desc limit 1`.execute(db);
  const { lon, lat } = rows[0]!;
  return { x: Math.floor(tileX(lon, z)), y: Math.floor(tileY(lat, z)) };
}
