import { describe, expect, it } from 'vitest';
import { DEFAULT_PATROL, toKm2, toM2 } from './patrol-state';
import { DEFAULT_STATE, analysisKey, analysisQuery, analysisRequestQuery, monthsBetween, parseViewState, patrolZoneQuery, pointsQuery, serializeViewState } from './view-state';

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

  it('keeps patrol parameters and the panel page in the URL, with the API\'s names and units', () => {
    const state = { ...DEFAULT_STATE, preset: 'asb' as const, tab: 'patrol' as const, patrol: { ...DEFAULT_PATROL, rule: 'top-cells' as const, k: 12, connectivity: 'queen' as const, maxZoneArea: 250_000, budgetHours: 20 } };
    const query = serializeViewState(state);
    expect(query).toBe('preset=asb&rule=top-cells&k=12&connectivity=queen&maxZoneArea=250000&budgetHours=20&panel=patrol');
    expect(parseViewState(`?${query}`)).toEqual(state);
    expect(patrolZoneQuery(state)).toEqual({ preset: 'asb', rule: 'top-cells', k: '12', connectivity: 'queen', maxZoneArea: '250000', budgetHours: '20' });
    expect(analysisKey(state)).toBe(analysisKey({ ...state, patrol: DEFAULT_PATROL, tab: 'analysis' }));
  });

  it('falls back to the API defaults for malformed patrol values', () => {
    expect(parseViewState('?rule=all&confidence=80&k=0&maxZoneArea=10&maxZones=2.5&budgetHours=-3&panel=admin')).toMatchObject({ patrol: DEFAULT_PATROL, tab: 'analysis' });
    expect(parseViewState('?rule=top-harm-share&percent=12.5').patrol).toMatchObject({ rule: 'top-harm-share', percent: 12.5 });
    expect([toKm2(500_000), toM2(0.35), toM2(toKm2(123_457))]).toEqual([0.5, 350_000, 123_457]);
  });

  it('keeps the density heatmap in the URL and asks for the kernel density surface only in density mode', () => {
    const heat = { ...DEFAULT_STATE, mode: 'density' as const, heatmap: true, preset: 'asb' as const };
    expect(serializeViewState(heat)).toBe('mode=density&preset=asb&style=heatmap');
    expect(parseViewState('?mode=density&preset=asb&style=heatmap')).toEqual(heat);
    expect(analysisRequestQuery(heat)).toEqual({ preset: 'asb', smoothing: 'kde' });
    expect(analysisKey(heat)).not.toBe(analysisKey({ ...heat, heatmap: false }));
    // In other modes the option is remembered but changes no request.
    expect(analysisRequestQuery({ ...heat, mode: 'hotspots' })).toEqual({ preset: 'asb' });
    expect(analysisKey({ ...heat, mode: 'hotspots' })).toBe(analysisKey({ ...heat, mode: 'hotspots', heatmap: false }));
  });

  it('gives the points layer the filters that select incidents, not the grid options', () => {
    const state = { ...DEFAULT_STATE, categories: ['burglary' as const], from: '2025-01', districts: ['X07000001'], cellSize: 250, weighting: 'harm' as const };
    expect(pointsQuery(state)).toEqual({ categories: 'burglary', from: '2025-01', districts: 'X07000001' });
  });

  it('lists months across a year end', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
});

describe('profile and compare in the URL', () => {
  it('round-trips the profile district and the compared districts in their order', () => {
    const state = { ...DEFAULT_STATE, tab: 'compare' as const, profile: 'X07000005', compare: ['X07000003', 'X07000001', 'X07000002'] };
    const query = serializeViewState(state);
    expect(query).toBe('panel=compare&profile=X07000005&compare=X07000003,X07000001,X07000002');
    expect(parseViewState(`?${query}`)).toEqual(state);
  });

  it('drops malformed codes and repeats, and keeps at most four', () => {
    const state = parseViewState('?compare=X07000003,nope,X07000003,X07000001,X07000002,X07000004,X07000005&profile=bad');
    expect(state.compare).toEqual(['X07000003', 'X07000001', 'X07000002', 'X07000004']);
    expect(state.profile).toBeNull();
  });
});

describe('plans in the URL', () => {
  it('round-trips the open plan and the plans shown on the map', () => {
    const state = { ...DEFAULT_STATE, tab: 'plans' as const, plan: 7, planOverlays: [3, 7] };
    const query = serializeViewState(state);
    expect(query).toBe('panel=plans&plan=7&plans=3,7');
    expect(parseViewState(`?${query}`)).toEqual(state);
  });

  it('drops ids that are not positive whole numbers, and repeats, and sorts the overlays', () => {
    const state = parseViewState('?plan=0&plans=9,x,2,-1,9,1.5');
    expect(state.plan).toBeNull();
    expect(state.planOverlays).toEqual([2, 9]);
  });
});
