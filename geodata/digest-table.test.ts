import { describe, expect, it } from 'vitest';
import { DigestTable, digestStrings } from './digest-table';

const key = (d: Uint32Array) => `${d[0]}:${d[1]}:${d[2]}:${d[3]}`;

describe('digestStrings', () => {
  it('depends on every code unit, on the order and on where the parts are split', () => {
    const base = key(digestStrings(['abc', 'def']));
    expect(key(digestStrings(['abc', 'def']))).toBe(base);
    for (const other of [['abd', 'def'], ['ab', 'cdef'], ['abcdef'], ['def', 'abc'], ['abc', 'def', ''], ['abc', 'de'], ['abc', 'def\u0000']]) {
      expect(key(digestStrings(other)), JSON.stringify(other)).not.toBe(base);
    }
  });

  it('gives 200,000 distinct 96-bit keys for 200,000 near-identical strings (a collision has probability ~1.6e-19)', () => {
    const seen = new Set<string>();
    const d = new Uint32Array(4);
    for (let i = 0; i < 200_000; i++) {
      digestStrings([`crime-${i.toString(16).padStart(60, '0')}`], d);
      seen.add(`${d[0]}:${d[1]}:${d[2]}`);
    }
    expect(seen.size).toBe(200_000);
  });

  it('spreads the low bits used as the slot index evenly (chi-square over 1,024 buckets)', () => {
    const buckets = new Array<number>(1024).fill(0);
    const n = 102_400;
    for (let i = 0; i < n; i++) buckets[digestStrings([String(i)])[0]! & 1023]! += 1;
    const expected = n / 1024;
    const chi2 = buckets.reduce((s, b) => s + (b - expected) ** 2 / expected, 0);
    // 1,023 degrees of freedom: the 99.9th percentile is about 1,168.
    expect(chi2).toBeLessThan(1168);
  });
});

describe('DigestTable', () => {
  it('stores a value and an extra digest per key, growing past its first size', () => {
    const table = new DigestTable(16);
    const extra = new Uint32Array([0, 0, 7, 9]);
    for (let i = 0; i < 5000; i++) table.set(digestStrings([`id-${i}`]), i, extra);
    expect(table.size).toBe(5000);
    expect(table.bytes).toBe(8192 * 24);
    for (let i = 0; i < 5000; i += 997) expect(table.get(digestStrings([`id-${i}`]))).toEqual({ value: i, extra0: 7, extra1: 9 });
    expect(table.get(digestStrings(['id-5000']))).toBeUndefined();
  });

  it('keeps value 0 apart from an empty slot', () => {
    const table = new DigestTable();
    const d = digestStrings(['x']);
    table.set(d, 0, d);
    expect(table.get(d)).toEqual({ value: 0, extra0: d[2], extra1: d[3] });
  });
});
