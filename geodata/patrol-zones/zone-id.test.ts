import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../grid';
import { fnv1a64, zoneId } from './zone-id';

describe('fnv1a64', () => {
  // Test vectors from the FNV reference (draft-eastlake-fnv, fnv_test.c, FNV1A_64).
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
    ['chongo was here!\n', '46810940eff5f915'],
  ])('hashes %j to %s', (text, hex) => {
    expect(fnv1a64(text)).toBe(hex);
  });

  it('rejects characters beyond a byte', () => {
    expect(() => fnv1a64('é€')).toThrow('fnv1a64: character 1 is not a byte');
  });
});

describe('zoneId', () => {
  const spec: GridSpec = { originX: 530000, originY: 180000, cellSize: 250, cols: 20, rows: 13 };

  it('is PZ- and 16 hex digits of FNV-1a over the absolute cell positions', () => {
    expect(zoneId(spec, [21, 1])).toBe('PZ-' + fnv1a64('250:2121,720;2121,721;'));
    expect(zoneId(spec, [21, 1])).toMatch(/^PZ-[0-9a-f]{16}$/);
  });

  it('does not depend on the order of the cells', () => {
    expect(zoneId(spec, [45, 3, 21, 22])).toBe(zoneId(spec, [3, 21, 22, 45]));
  });

  it('names the same ground squares the same on a grid built for another bbox', () => {
    // The same two squares, on a grid whose origin is 2 columns west and 1 row south.
    const wider: GridSpec = { originX: 529500, originY: 179750, cellSize: 250, cols: 30, rows: 20 };
    expect(zoneId(wider, [33, 63])).toBe(zoneId(spec, [1, 21]));
  });

  it('differs for other cells or another cell size', () => {
    expect(zoneId(spec, [1])).not.toBe(zoneId(spec, [2]));
    expect(zoneId(spec, [1])).not.toBe(zoneId({ ...spec, cellSize: 500, originX: 530000 }, [1]));
  });

  it('rejects duplicate and out-of-grid cells', () => {
    expect(() => zoneId(spec, [1, 1])).toThrow('zoneId: cell 1 is listed twice');
    expect(() => zoneId(spec, [260])).toThrow('zoneId: cell 260 is outside the grid');
  });
});
