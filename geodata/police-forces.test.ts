import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PFA_FORCE_IDS, policeUkForceId } from './police-forces';

describe('policeUkForceId', () => {
  it('maps the forty-three PFAs of England and Wales to distinct police.uk ids', () => {
    expect(Object.keys(PFA_FORCE_IDS)).toHaveLength(43);
    expect(new Set(Object.values(PFA_FORCE_IDS)).size).toBe(43);
  });

  it('names the forces of the committed police.uk files by their file-name id', () => {
    expect(policeUkForceId('E23000003')).toBe('lancashire');
    expect(policeUkForceId('E23000002')).toBe('cumbria');
    expect(policeUkForceId('E23000004')).toBe('merseyside');
  });

  it('gives null for a code it does not know, including inherited property names', () => {
    expect(policeUkForceId('E99999999')).toBeNull();
    expect(policeUkForceId('toString')).toBeNull();
  });

  it('covers every PFA code of the committed boundary sample', () => {
    const text = gunzipSync(readFileSync(new URL('../tests/fixtures/real/lancashire_and_neighbours_PFA_DEC_2023_EW_BGC.geojson.gz', import.meta.url))).toString('utf8');
    const codes: string[] = JSON.parse(text).features.map((f: { properties: { AREACD: string } }) => f.properties.AREACD);
    expect(codes.map(policeUkForceId)).toEqual(['cumbria', 'lancashire', 'merseyside', 'greater-manchester', 'north-yorkshire', 'west-yorkshire']);
  });
});
