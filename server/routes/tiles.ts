import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type IncidentTileQuery, type TileAddress, incidentTileMvt, incidentTilePoints } from '../../db/incident-tiles';
import { snapPointTileMvt, snapPointTilePoints } from '../../db/snap-point-tiles';
import { dataVersion } from '../../db/study-area';
import { type AnalysisQuery, analysisBaseSchema, categoriesOf, checkFilterParameters } from '../analysis/params';
import type { AppDeps } from '../deps';
import { encodeIncidentTile } from '../tiles/encode-incident-tile';
import { encodeSnapPointTile } from '../tiles/encode-snap-point-tile';
import { assertKnownDistricts, validate } from '../validation';

/** Raw points only at street zooms: a z8 tile of a county's points is ~11 MB and takes ~0.7 s. */
export const MIN_TILE_ZOOM = 10;
export const MAX_TILE_ZOOM = 16;

const tileIndex = z.string().regex(/^\d{1,6}$/, 'must be a whole number').transform(Number);

const tileParamsSchema = z
  .object({
    z: tileIndex.refine((z) => z >= MIN_TILE_ZOOM && z <= MAX_TILE_ZOOM, `must be a zoom from ${MIN_TILE_ZOOM} to ${MAX_TILE_ZOOM} (use the density analysis below ${MIN_TILE_ZOOM})`),
    x: tileIndex,
    y: z.string().regex(/^\d{1,6}\.mvt$/, 'must be a whole number followed by .mvt').transform((s) => Number(s.slice(0, -4))),
  })
  .superRefine((p, ctx) => {
    const size = 2 ** p.z;
    if (p.x >= size) ctx.addIssue({ code: 'custom', path: ['x'], message: `must be below ${size} at zoom ${p.z}` });
    if (p.y >= size) ctx.addIssue({ code: 'custom', path: ['y'], message: `must be below ${size} at zoom ${p.z}` });
  });

const tileQuerySchema = analysisBaseSchema
  .pick({ preset: true, categories: true, from: true, to: true, districts: true })
  .superRefine(checkFilterParameters);

const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

/** Encodes one tile: PostGIS (ST_AsMVT) on a server, JavaScript on the embedded database. */
type TileEncoder = (database: AppDeps['database'], query: IncidentTileQuery) => Promise<Uint8Array>;

const incidentTile: TileEncoder = async (database, query) =>
  database.kind === 'postgres' ? incidentTileMvt(database.db, query) : encodeIncidentTile(await incidentTilePoints(database.db, query));

const snapPointTile: TileEncoder = async (database, query) =>
  database.kind === 'postgres' ? snapPointTileMvt(database.db, query) : encodeSnapPointTile(await snapPointTilePoints(database.db, query));

/**
 * GET /api/tiles/incidents/{z}/{x}/{y}.mvt?preset|categories&from&to&districts: the filtered raw
 * incidents of one Web Mercator tile as a Mapbox Vector Tile, layer `incidents`, one Point per
 * incident with `category` and `month`.
 *
 * GET /api/tiles/snap-points/{z}/{x}/{y}.mvt?…: the same incidents grouped per police.uk snap
 * point, layer `snap-points`, one Point per point with its `count`, counts per category,
 * `location`, `easting` and `northing`: what GET /api/incidents/points gives the street layer
 * (docs/analysis-api.md).
 *
 * PostGIS encodes a tile on a server; the embedded database lacks protobuf, so there the same
 * features are encoded in JavaScript. The ETag is a hash of the kind of tile, the data version,
 * the tile and the normalised filters, so a browser or CDN may keep a tile and revalidate it
 * (`no-cache`): the answer is 304 until an import changes the data, at the price of one one-row query.
 */
export function tileRoutes({ database }: AppDeps) {
  const serve = async (c: Context, kind: string, encode: TileEncoder, tile: TileAddress, q: z.output<typeof tileQuerySchema>) => {
    const categories = categoriesOf(q as Pick<AnalysisQuery, 'preset' | 'categories'>).sort();
    const districts = [...new Set(q.districts ?? [])].sort();
    const version = await dataVersion(database.db);
    const key = JSON.stringify([kind, version, tile.z, tile.x, tile.y, categories, q.from ?? null, q.to ?? null, districts]);
    const etag = `W/"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
    const headers = { etag, 'cache-control': 'public, no-cache', vary: 'accept-encoding' };
    const matches = c.req.header('if-none-match')?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
    if (matches) return c.body(null, 304, headers);

    await assertKnownDistricts(database.db, districts);
    const bytes = await encode(database, { ...tile, filter: { categories, from: q.from, to: q.to, districts } });
    // Hono's compress() skips this content type, yet tiles compress well (the test checks smaller): done here.
    if (bytes.byteLength > 0 && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      return c.body(gzipSync(bytes) as Uint8Array<ArrayBuffer>, 200, { ...headers, 'content-type': MVT_TYPE, 'content-encoding': 'gzip' });
    }
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { ...headers, 'content-type': MVT_TYPE });
  };
  return new Hono()
    .get('/incidents/:z/:x/:y', validate('param', tileParamsSchema), validate('query', tileQuerySchema), (c) =>
      serve(c, 'incidents', incidentTile, c.req.valid('param'), c.req.valid('query')))
    .get('/snap-points/:z/:x/:y', validate('param', tileParamsSchema), validate('query', tileQuerySchema), (c) =>
      serve(c, 'snap-points', snapPointTile, c.req.valid('param'), c.req.valid('query')));
}
