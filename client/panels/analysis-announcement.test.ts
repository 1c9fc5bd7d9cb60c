import { describe, expect, it } from 'vitest';
import { densityResponse, emergingResponse, hotspotsResponse } from '../test-support/layer-fixtures';
import { analysisAnnouncement } from './analysis-announcement';

// The fixtures' cells are few enough to count by hand (client/test-support/layer-fixtures.ts).
describe('analysisAnnouncement', () => {
  it('counts hot spot cells by confidence, then the cold spots', () => {
    // bins [3, 0, 0, 0, 1, -2]: one hot at 99 %, one at 90 %, one cold.
    expect(analysisAnnouncement(hotspotsResponse())).toBe('Hot spots ready: 1 hot spot cell at 99 %, 1 at 90 %; 1 cold spot cell.');
  });

  it('names the unit with the largest class present and says when nothing is hot', () => {
    const r = hotspotsResponse();
    r.cells.bin = [2, 2, 0, -1, -3, 0];
    expect(analysisAnnouncement(r)).toBe('Hot spots ready: 2 hot spot cells at 95 %; 2 cold spot cells.');
    r.cells.bin = [0, 0, 0, 0, 0, 0];
    expect(analysisAnnouncement(r)).toBe('Hot spots ready: no hot spot cells; 0 cold spot cells.');
  });

  it('gives the density cells with incidents and the highest density', () => {
    // densities [16, 0, 32, 48, 64, 0] per km²
    expect(analysisAnnouncement(densityResponse())).toBe('Density ready: 4 cells with incidents, the highest 64 incidents per km².');
    expect(analysisAnnouncement(densityResponse({ weighting: 'harm' }))).toMatch(/the highest 64 harm per km²\.$/);
  });

  it('lists the emerging patterns found, by name', () => {
    // categories [1, 0, 0, 0, 4, 0]: one new hot spot, one persistent hot spot.
    expect(analysisAnnouncement(emergingResponse())).toBe('Emerging hot spots ready: 1 new hot spot, 1 persistent hot spot.');
  });
});
