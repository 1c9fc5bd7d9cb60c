import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CATEGORIES } from '../../geodata/categories';
import { normalisePoliceApiCrime } from '../../geodata/police-api';
import { loadCsvText, readCsv } from '../fixtures/police-csv/read-csv';
import { API_SAMPLE } from '../fixtures/real/real-data';

export { API_SAMPLE };

/** A district around the sample's crimes (lon -0.0174..0.0274, lat 51.4875..51.5157), with margin, as GeoJSON text. */
export const TESTWICH = JSON.stringify({
  type: 'FeatureCollection',
  features: [{
    type: 'Feature', properties: { code: 'E09000099', name: 'Testwich' },
    geometry: { type: 'Polygon', coordinates: [[[-0.03, 51.48], [0.04, 51.48], [0.04, 51.525], [-0.03, 51.525], [-0.03, 51.48]]] },
  }],
});

/** Crimes of the sample the importer must load: those the normaliser accepts (computed, not copied). */
export const SAMPLE_LOADABLE = (JSON.parse(readFileSync(API_SAMPLE, 'utf8')) as unknown[])
  .filter((c) => !('rejected' in normalisePoliceApiCrime(c))).length;

interface SampleCrime {
  id: number;
  month: string;
  location: { latitude: string; longitude: string };
}

export interface ReplayOptions {
  /** A polygon whose bbox is wider than this (degrees of longitude) is "over 10,000 crimes": 503. */
  maxWidth?: number;
  /** The crimes to answer from (default: the 2014-08 London sample). */
  crimes?: SampleCrime[];
  /**
   * Answer as the API does: the crimes whose point is inside the posted ring (even-odd rule), and
   * 503 when there are more than `limit` (the API's is 10,000). Without it, the bbox of the ring.
   */
  limit?: number;
  /** Answer 429 (Retry-After: 0) to the first request. */
  first429?: boolean;
  /** After this many 200 answers, answer 500 to everything (an outage, to test resuming). */
  failAfter?: number;
  /**
   * After this many 200 answers, answer nothing (the requests stay open until `close`): the
   * importer waits between two areas, where a test stops it as a crash or a restart would.
   */
  hangAfter?: number;
}

/**
 * A local stand-in for data.police.uk's `POST /api/crimes-street/all-crime` (form fields `poly`
 * "lat,lng:lat,lng…" and `date`), replaying the real 2014-08 London sample response (or the given
 * crimes): those whose point lies in the polygon's bounding box, or with `limit`, in the ring.
 */
export async function startReplayServer(options: ReplayOptions) {
  const crimes = options.crimes ?? (JSON.parse(readFileSync(API_SAMPLE, 'utf8')) as SampleCrime[]);
  const log: Array<{ status: number; width: number; crimes: number }> = [];
  let ok = 0;
  let reportHung = () => {};
  const hung = new Promise<void>((resolve) => (reportHung = resolve));
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const points = (form.get('poly') ?? '').split(':').map((p) => p.split(',').map(Number) as [number, number]);
      const lats = points.map((p) => p[0]);
      const lngs = points.map((p) => p[1]);
      const [s, n, w, e] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        log.push({ status, width: e - w, crimes: Array.isArray(json) ? json.length : 0 });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      if (req.method !== 'POST' || req.url !== '/api/crimes-street/all-crime') return send(404, { error: 'not found' });
      if (options.first429 && log.length === 0) return send(429, { error: 'rate limited' }, { 'retry-after': '0' });
      if (options.failAfter !== undefined && ok >= options.failAfter) return send(500, { error: 'outage' });
      if (options.hangAfter !== undefined && ok >= options.hangAfter) return reportHung();
      if (options.maxWidth !== undefined && e - w > options.maxWidth) return send(503, '');
      const date = form.get('date');
      const found = crimes.filter((c) => {
        const lat = Number(c.location.latitude);
        const lng = Number(c.location.longitude);
        if (c.month !== date || !(lat >= s && lat <= n && lng >= w && lng <= e)) return false;
        return options.limit === undefined || insideRing(lat, lng, points);
      });
      if (options.limit !== undefined && found.length > options.limit) return send(503, '');
      ok++;
      send(200, found);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    log,
    /** Resolves when a request is left unanswered (with `hangAfter`). */
    hung,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // fetch keeps connections alive
      }),
  };
}

/** Even-odd point-in-polygon on a ring of [lat, lng] pairs (closed implicitly), as a GIS does it. */
function insideRing(lat: number, lng: number, ring: Array<[number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [yi, xi] = ring[i]!;
    const [yj, xj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const SLUG_OF_NAME = new Map<string, string>(CATEGORIES.map((c) => [c.name, c.slug]));

/**
 * A police.uk street-level CSV (plain or gzipped) as the API would answer for it: the located rows,
 * in the API's JSON shape (coordinates as strings, category slugs), each with its own numeric `id`
 * (the line number: ASB rows have no Crime ID) and the Crime ID as `persistent_id`.
 */
export function apiCrimesFromStreetCsv(path: string): SampleCrime[] {
  const [header, ...records] = readCsv(loadCsvText(path));
  const col = (title: string) => header!.fields.findIndex((f) => f.replace(/^\uFEFF/, '').trim() === title);
  const [id, month, lon, lat, location, type, outcome] =
    ['Crime ID', 'Month', 'Longitude', 'Latitude', 'Location', 'Crime type', 'Last outcome category'].map(col) as number[];
  return records.filter(({ fields }) => fields[lon!] !== '').map(({ fields, line }) => ({
    category: SLUG_OF_NAME.get(fields[type!]!) ?? fields[type!]!,
    location_type: 'Force',
    location: { latitude: fields[lat!]!, longitude: fields[lon!]!, street: { id: line, name: fields[location!]! } },
    context: '',
    outcome_status: fields[outcome!] ? { category: fields[outcome!]!, date: fields[month!]! } : null,
    persistent_id: fields[id!]!,
    id: line,
    location_subtype: '',
    month: fields[month!]!,
  }));
}
