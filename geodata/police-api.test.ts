import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PoliceIncidentRow } from './police-csv';
import { normalisePoliceApiCrime } from './police-api';

import { API_SAMPLE as SAMPLE } from '../tests/fixtures/real/real-data';

const crime = (over: Record<string, unknown> = {}) => ({
  category: 'burglary',
  location_type: 'Force',
  location: { latitude: '53.760000', longitude: '-2.700000', street: { id: 1, name: ' On or near  Test Street ' } },
  context: '',
  outcome_status: { category: 'Under investigation', date: '2025-12' },
  persistent_id: 'synthetic-crime-0001',
  id: 1,
  location_subtype: '',
  month: '2025-12',
  ...over,
});

describe('normalisePoliceApiCrime', () => {
  it('maps the API shape onto PoliceIncidentRow', () => {
    expect(normalisePoliceApiCrime(crime(), { fallsWithin: 'Test Constabulary' })).toEqual({
      crimeId: 'synthetic-crime-0001', month: '2025-12', reportedBy: 'Test Constabulary', fallsWithin: 'Test Constabulary',
      longitude: -2.7, latitude: 53.76, location: 'On or near Test Street', lsoaCode: null, lsoaName: null,
      category: 'burglary', outcome: 'Under investigation', context: null,
    });
  });

  it("maps '' persistent_id, null outcome, BTP and a null location (crimes-no-location)", () => {
    expect(
      normalisePoliceApiCrime(crime({ persistent_id: '', outcome_status: null, location_type: 'BTP', location: null })),
    ).toMatchObject({
      crimeId: null, outcome: null, reportedBy: 'British Transport Police', fallsWithin: '',
      longitude: null, latitude: null, location: null,
    });
  });

  it.each([
    [crime({ category: 'Burglary' }), 'category "Burglary" is not a police.uk category slug'],
    [crime({ category: 'all-crime' }), 'category "all-crime" is not a police.uk category slug'],
    [crime({ month: '2025-13' }), 'month: expected YYYY-MM'],
    [crime({ month: undefined }), 'month: Invalid input: expected string, received undefined'],
    [crime({ location: { latitude: 'NaN', longitude: '-2.7' } }), 'location.latitude: Latitude "NaN" is not a decimal number'],
    [crime({ location: { latitude: '-2.7', longitude: '53.76' } }), 'location.longitude: Longitude 53.76 and Latitude -2.7 look exchanged: only the swapped pair is inside the UK'],
    [crime({ location: { latitude: '', longitude: '-2.7' } }), 'location.latitude: Latitude is empty but Longitude is -2.7: give both or neither'],
    [crime({ location: { latitude: '40.4', longitude: '-3.7' } }), 'location.latitude: Latitude 40.4 is outside the UK (49.8..60.95)'],
    [null, '(crime): Invalid input: expected object, received null'],
    ['x', '(crime): Invalid input: expected object, received string'],
  ])('rejects %j', (input, rejected) => {
    expect(normalisePoliceApiCrime(input)).toEqual({ rejected });
  });
});

describe('the data.police.uk API sample (tests/fixtures/real/README.md)', () => {
  it('normalises all 374 crimes', () => {
    const json: unknown[] = JSON.parse(readFileSync(SAMPLE, 'utf8'));
    expect(json).toHaveLength(374);
    const rows = json.map((c) => normalisePoliceApiCrime(c, { fallsWithin: 'Metropolitan Police Service' }));
    const rejected = rows.filter((r) => 'rejected' in r);
    expect(rejected).toEqual([]);
    const ok = rows.filter((r): r is PoliceIncidentRow => !('rejected' in r));
    expect(ok.filter((r) => r.category === 'anti-social-behaviour')).toHaveLength(94);
    expect(ok.filter((r) => r.outcome === null)).toHaveLength(94);
    expect(ok.filter((r) => r.reportedBy === 'British Transport Police')).toHaveLength(19);
    expect(ok.filter((r) => r.crimeId === null)).toHaveLength(108);
    expect(ok.every((r) => r.month === '2014-08' && r.longitude !== null && r.location !== null)).toBe(true);
    // BTP points are stations ("Canning Town (dlr)"); force points are "On or near …" streets.
    expect(ok.filter((r) => r.location!.startsWith('On or near'))).toHaveLength(355);
    expect(ok[0]).toMatchObject({ longitude: -0.012859, latitude: 51.499798, location: 'On or near Marsh Wall' });
  });
});
