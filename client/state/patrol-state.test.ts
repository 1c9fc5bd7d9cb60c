import { describe, expect, it } from 'vitest';
import type { PatrolZoneCollection, PatrolZoneFeature } from '../types';
import { patrolPreview, zonesInDrawOrder } from './patrol-state';

const zone = (id: string, rank: number) => ({ type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [] }, properties: { id, rank } }) as unknown as PatrolZoneFeature;
const zones: PatrolZoneCollection = {
  type: 'FeatureCollection',
  metadata: { area: 'Testshire', period: { from: '2025-01', to: '2025-12' }, parameters: {}, zones: 3 },
  features: [zone('a', 1), zone('b', 2), zone('c', 3)],
};

describe('patrol zone selection', () => {
  it('keeps a selection only for a zone of the preview', () => {
    expect(patrolPreview(zones, 'b').selectedZoneId).toBe('b');
    expect(patrolPreview(zones, 'z').selectedZoneId).toBeNull();
    expect(patrolPreview(zones).selectedZoneId).toBeNull();
  });

  it('draws the selected zone last, leaving the ranked order of the preview untouched, one object per preview', () => {
    const preview = patrolPreview(zones, 'a');
    const ordered = zonesInDrawOrder(preview);
    expect(ordered.features.map((f) => f.properties.id)).toEqual(['b', 'c', 'a']);
    expect(preview.features.map((f) => f.properties.id)).toEqual(['a', 'b', 'c']);
    expect(zonesInDrawOrder(preview)).toBe(ordered);
    expect(zonesInDrawOrder(patrolPreview(zones)).features.map((f) => f.properties.id)).toEqual(['a', 'b', 'c']);
  });
});
