import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { normalisePoliceApiCrime } from '../../geodata/police-api';
import { sharedData } from './helpers';

export const API_SAMPLE = join(sharedData, 'police-uk/api-sample/crimes-street-all-crime_london-mozfest_2014-08.json');

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
  maxWidth: number;
  /** Answer 429 (Retry-After: 0) to the first request. */
  first429?: boolean;
  /** After this many 200 answers, answer 500 to everything (an outage, to test resuming). */
  failAfter?: number;
}

/**
 * A local stand-in for data.police.uk's `POST /api/crimes-street/all-crime` (form fields `poly`
 * "lat,lng:lat,lng…" and `date`), replaying the real 2014-08 London sample response: the crimes
 * whose point lies in the polygon's bounding box, with the API's JSON shape (coordinates as strings).
 */
export async function startReplayServer(options: ReplayOptions) {
  const crimes = JSON.parse(readFileSync(API_SAMPLE, 'utf8')) as SampleCrime[];
  const log: Array<{ status: number; width: number }> = [];
  let ok = 0;
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
        log.push({ status, width: e - w });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      if (req.method !== 'POST' || req.url !== '/api/crimes-street/all-crime') return send(404, { error: 'not found' });
      if (options.first429 && log.length === 0) return send(429, { error: 'rate limited' }, { 'retry-after': '0' });
      if (options.failAfter !== undefined && ok >= options.failAfter) return send(500, { error: 'outage' });
      if (e - w > options.maxWidth) return send(503, '');
      ok++;
      const date = form.get('date');
      send(200, crimes.filter((c) => {
        const lat = Number(c.location.latitude);
        const lng = Number(c.location.longitude);
        return c.month === date && lat >= s && lat <= n && lng >= w && lng <= e;
      }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // fetch keeps connections alive
      }),
  };
}
