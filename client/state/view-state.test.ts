import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, analysisKey, analysisQuery, monthsBetween, parseViewState, serializeViewState } from './view-state';

describe('view state ↔ URL query', () => {
  it('round-trips a full view', () => {
    const state = {
      ...DEFAULT_STATE,
      mode: 'emerging' as const,
      categories: ['burglary' as const, 'robbery' as const],
      from: '2025-01',
      to: '2025-12',
      districts: ['X07000002', 'X07000001'],
      cellSize: 250,
      weighting: 'harm' as const,
      hidden: ['districts' as const],
    };
    const query = serializeViewState(state);
    expect(query).toBe('mode=emerging&categories=burglary,robbery&from=2025-01&to=2025-12&districts=X07000001,X07000002&cellSize=250&weighting=harm&hide=districts');
    expect(parseViewState(`?${query}`)).toEqual({ ...state, districts: ['X07000001', 'X07000002'] });
  });

  it('leaves defaults out, so the default view has an empty query', () => {
    expect(serializeViewState(DEFAULT_STATE)).toBe('');
    expect(parseViewState('')).toEqual(DEFAULT_STATE);
  });

  it('falls back to defaults for malformed values and lets a preset win over categories', () => {
    const s = parseViewState('?mode=heatmap&preset=serious-violence&categories=burglary&from=2025-13&cellSize=7&districts=nope,X07000003&hide=analysis,bogus');
    expect(s).toMatchObject({ mode: 'hotspots', preset: 'serious-violence', categories: [], from: null, cellSize: null, districts: ['X07000003'], hidden: ['analysis'] });
  });

  it('builds the API query from what changes the analysis only', () => {
    const a = { ...DEFAULT_STATE, preset: 'asb' as const, cellSize: 500 };
    expect(analysisQuery(a)).toEqual({ preset: 'asb', cellSize: '500' });
    expect(analysisKey({ ...a, hidden: ['districts'] })).toBe(analysisKey(a));
    expect(analysisKey({ ...a, mode: 'density' })).not.toBe(analysisKey(a));
  });

  it('lists months across a year end', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
});
