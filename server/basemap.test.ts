import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePmtiles } from '../tests/fixtures/pmtiles/write-pmtiles';
import { basemapRoutes, BASEMAP_PMTILES_PATH } from './basemap';
import { ConfigError, loadConfig } from './config';

const road: GeoJSON.FeatureCollection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { kind: 'major_road' }, geometry: { type: 'LineString', coordinates: [[-3.05, 53.81], [-3.0, 53.83]] } }],
};

function archiveFile(bytes: Uint8Array | string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'basemap-')), 'area.pmtiles');
  writeFileSync(path, bytes);
  return path;
}

describe('local PMTiles basemap', () => {
  it('serves byte ranges of the archive, as the pmtiles protocol reads it', async () => {
    const bytes = writePmtiles({ roads: road }, { minZoom: 10, maxZoom: 12 });
    const config = loadConfig({ BASEMAP_PMTILES: archiveFile(bytes) });
    const app = basemapRoutes(config.basemapPmtiles!);
    const res = await app.request(BASEMAP_PMTILES_PATH, { headers: { range: 'bytes=0-126' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-126/${bytes.length}`);
    const header = new Uint8Array(await res.arrayBuffer());
    expect(header).toEqual(bytes.subarray(0, 127));
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('refuses at start a path that is missing or not a PMTiles v3 archive', () => {
    expect(() => loadConfig({ BASEMAP_PMTILES: '/nonexistent/area.pmtiles' })).toThrow(ConfigError);
    expect(() => loadConfig({ BASEMAP_PMTILES: '/nonexistent/area.pmtiles' })).toThrow(/BASEMAP_PMTILES: cannot read/);
    expect(() => loadConfig({ BASEMAP_PMTILES: archiveFile('{"type":"FeatureCollection"}') })).toThrow(/not a PMTiles version 3 archive/);
  });

  it('is off unless configured', () => {
    expect(loadConfig({}).basemapPmtiles).toBeUndefined();
  });
});
