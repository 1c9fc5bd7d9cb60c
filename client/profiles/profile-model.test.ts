import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE } from '../state/view-state';
import { categoryRows, changeSummary, shortRankText, splitWarnings, compareUrl, monthRows, ordinal, profileUrl, rankText, sharedDomains } from './profile-model';

const monthly = (...counts: number[]) => counts.map((count, i) => ({ month: `2025-0${i + 1}`, count }));

describe('sharedDomains', () => {
  it('gives every compared district the same y domain: 0 to the largest month of any of them', () => {
    const profiles = [
      { monthly: monthly(3, 9, 4), byCategory: { robbery: 2, drugs: 14 } },
      { monthly: monthly(12, 1, 0), byCategory: { robbery: 0, drugs: 7 } },
      { monthly: monthly(0, 0, 5), byCategory: { robbery: 21, drugs: 0 } },
    ];
    expect(sharedDomains(profiles)).toEqual({ monthly: [0, 12], byCategory: [0, 21] });
  });

  it('keeps a drawable [0, 1] domain when every count is zero', () => {
    expect(sharedDomains([{ monthly: monthly(0, 0), byCategory: { robbery: 0 } }])).toEqual({ monthly: [0, 1], byCategory: [0, 1] });
  });
});

describe('chart rows', () => {
  it('dates each month at its UTC start and labels it', () => {
    const rows = monthRows({ monthly: [{ month: '2025-12', count: 7 }] });
    expect(rows).toEqual([{ month: '2025-12', date: new Date(Date.UTC(2025, 11, 1)), label: 'Dec 2025', count: 7 }]);
  });

  it('lists categories in the order asked, zeros for any the response lacks, with their names', () => {
    expect(categoryRows({ byCategory: { robbery: 4 } }, ['violent-crime', 'robbery'])).toEqual([
      { slug: 'violent-crime', name: 'Violence and sexual offences', count: 0 },
      { slug: 'robbery', name: 'Robbery', count: 4 },
    ]);
  });
});

describe('URLs of a view', () => {
  const state = { ...DEFAULT_STATE, preset: 'asb' as const, from: '2025-01', to: '2025-06', districts: ['X07000009'], weighting: 'harm' as const, profile: 'X07000003', compare: ['X07000004', 'X07000001', 'X07000002'] };

  it('asks for the profile with the analysis filters, not the map-only districts and weighting', () => {
    expect(profileUrl(state)).toBe('/api/districts/X07000003/profile?preset=asb&from=2025-01&to=2025-06');
    expect(profileUrl(state, 'csv')).toBe('/api/districts/X07000003/profile?preset=asb&from=2025-01&to=2025-06&format=csv');
    expect(profileUrl({ ...state, profile: null })).toBeNull();
  });

  it('asks for the comparison in the order chosen, and not before two districts are chosen', () => {
    expect(compareUrl(state)).toBe('/api/compare?districts=X07000004,X07000001,X07000002&preset=asb&from=2025-01&to=2025-06');
    expect(compareUrl(state, 'csv')).toMatch(/&format=csv$/);
    expect(compareUrl({ ...state, compare: ['X07000004'] })).toBeNull();
  });
});

describe('figures in words', () => {
  it('states a rise with its arrow, percentage and the counts behind it', () => {
    expect(changeSummary({ from: '2024-01', to: '2024-12', incidents: 4000, change: 321, changePct: 8.025 }, 4321)).toEqual({
      direction: 'up', arrow: '▲', text: 'up 8.0% (+321): 4,000 in 2024-01 to 2024-12, 4,321 now',
    });
  });

  it('states a fall, no change, and a change from zero (no percentage)', () => {
    expect(changeSummary({ from: 'a', to: 'b', incidents: 50, change: -10, changePct: -20 }, 40).text).toBe('down 20.0% (−10): 50 in a to b, 40 now');
    expect(changeSummary({ from: 'a', to: 'b', incidents: 5, change: 0, changePct: 0 }, 5)).toMatchObject({ direction: 'same', arrow: '=' });
    expect(changeSummary({ from: 'a', to: 'b', incidents: 0, change: 3, changePct: null }, 3).text).toBe('up (+3): 0 in a to b, 3 now');
  });

  it('writes ordinals and ranks', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
    expect(rankText({ byRate: 2, byCount: 1, of: 14, kind: 'lad' })).toBe('2nd of 14 by rate per 1,000, 1st of 14 by count (1st = highest)');
    expect(shortRankText({ byRate: 2, byCount: 1, of: 14, kind: 'lad' })).toBe('2nd by rate, 1st by count of 14');
    expect(rankText({ byRate: null, byCount: 3, of: 14, kind: 'lad' })).toMatch(/^no rate rank/);
  });
});

describe('splitWarnings', () => {
  it('says once what every area warns word for word, and keeps each area its own', () => {
    const w = (...messages: string[]) => ({ warnings: messages.map((message) => ({ code: 'c', message })) });
    expect(splitWarnings([w('earlier', 'no population'), w('earlier'), w('earlier', 'partial')])).toEqual({
      shared: ['earlier'], own: [['no population'], [], ['partial']],
    });
    expect(splitWarnings([w('a'), w('b')])).toEqual({ shared: [], own: [['a'], ['b']] });
  });
});
