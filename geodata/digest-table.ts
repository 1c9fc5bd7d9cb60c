/**
 * Remembers strings by a 96-bit digest, in one typed array: the importer's memory of the Crime IDs
 * seen in a file, at 24 bytes a slot outside the JavaScript heap instead of a Map of the strings
 * (~150 bytes an entry on the heap), so a 1,000,000-row file needs ~25 MB whatever the IDs' length.
 *
 * Digest: four 32-bit lanes, each a multiply-xorshift over the UTF-16 code units with its own
 * seed and multiplier (the MurmurHash3 step and finaliser, https://github.com/aappleby/smhasher),
 * mixed together at the end. Not cryptographic; treated as uniformly random for the bound below.
 *
 * False match: two different keys match only if all 96 bits agree. Among n keys the probability
 * of any such pair is about n² / 2^97: 6.3e-18 for n = 1,000,000 and 6.3e-12 for 10^9. A false
 * match would make the importer treat a Crime ID as repeated. Each slot also holds a 64-bit
 * `extra` digest (of the whole row) and a 32-bit value (the line).
 *
 * Open addressing with linear probing; the table doubles at 70% load, so memory is below
 * 24 bytes / 0.35 ≈ 69 bytes per key at worst (about 34 typically).
 *
 * @example
 * const table = new DigestTable();
 * const d = digestStrings(['abc']);
 * table.get(d); // undefined
 * table.set(d, 2, digestStrings(['abc', 'row']));
 * table.get(d); // { value: 2, extra0, extra1 }
 */

/** [lane0, lane1, lane2, lane3]: lanes 0–2 are the key digest, 2–3 the 64-bit "extra" digest. */
export type Digest = Uint32Array;

const S0 = 0x9747b28c | 0, S1 = 0x85ebca6b | 0, S2 = 0xc2b2ae35 | 0, S3 = 0x27d4eb2f | 0;
const M0 = 0xcc9e2d51 | 0, M1 = 0x1b873593 | 0, M2 = 0x85ebca77 | 0, M3 = 0xc2b2ae3d | 0;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The digest of a sequence of strings (each part's length is mixed in, so ['ab','c'] ≠ ['a','bc']). */
export function digestStrings(parts: readonly string[], out: Digest = new Uint32Array(4)): Digest {
  let a = S0, b = S1, c = S2, d = S3;
  let length = 0;
  for (let p = 0; p < parts.length; p++) {
    const s = parts[p]!;
    const n = s.length;
    // Two UTF-16 code units per 32-bit block, then a block holding the part's length.
    for (let i = 0; i <= n + 1; i += 2) {
      const k = i < n ? (s.charCodeAt(i) | ((i + 1 < n ? s.charCodeAt(i + 1) : 0) << 16)) : ~n;
      a = Math.imul(a ^ k, M0); a = (a << 13) | (a >>> 19);
      b = Math.imul(b ^ k, M1); b = (b << 15) | (b >>> 17);
      c = Math.imul(c ^ k, M2); c = (c << 17) | (c >>> 15);
      d = Math.imul(d ^ k, M3); d = (d << 11) | (d >>> 21);
      if (i >= n) break;
    }
    length += n + 1;
  }
  a ^= length; b ^= length; c ^= length; d ^= length;
  a = (a + b + c + d) | 0; b = (b + a) | 0; c = (c + a) | 0; d = (d + a) | 0;
  a = fmix(a); b = fmix(b); c = fmix(c); d = fmix(d);
  a = (a + b + c + d) | 0; b = (b + a) | 0; c = (c + a) | 0; d = (d + a) | 0;
  out[0] = a >>> 0; out[1] = b >>> 0; out[2] = c >>> 0; out[3] = d >>> 0;
  return out;
}

const WORDS = 6; // key0, key1, key2, value + 1 (0 = empty), extra0, extra1
const MAX_LOAD = 0.7;

export interface DigestEntry {
  value: number;
  extra0: number;
  extra1: number;
}

export class DigestTable {
  #slots: Uint32Array;
  #mask: number;
  #size = 0;

  constructor(initialSlots = 1 << 14) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, initialSlots)));
    this.#slots = new Uint32Array(slots * WORDS);
    this.#mask = slots - 1;
  }

  get size(): number {
    return this.#size;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.#slots.byteLength;
  }

  get(key: Digest): DigestEntry | undefined {
    const s = this.#slots;
    for (let i = key[0]! & this.#mask; ; i = (i + 1) & this.#mask) {
      const o = i * WORDS;
      if (s[o + 3] === 0) return undefined;
      if (s[o] === key[0] && s[o + 1] === key[1] && s[o + 2] === key[2]) {
        return { value: s[o + 3]! - 1, extra0: s[o + 4]!, extra1: s[o + 5]! };
      }
    }
  }

  /** Stores a key not yet present (`value` 0 … 2^32 − 2; `extra` lanes 2–3 of a digest). */
  set(key: Digest, value: number, extra: Digest): void {
    if ((this.#size + 1) > MAX_LOAD * (this.#mask + 1)) this.#grow();
    this.#put(this.#slots, this.#mask, key[0]!, key[1]!, key[2]!, value + 1, extra[2]!, extra[3]!);
    this.#size++;
  }

  #put(s: Uint32Array, mask: number, k0: number, k1: number, k2: number, v: number, e0: number, e1: number): void {
    let i = k0 & mask;
    while (s[i * WORDS + 3] !== 0) i = (i + 1) & mask;
    const o = i * WORDS;
    s[o] = k0; s[o + 1] = k1; s[o + 2] = k2; s[o + 3] = v; s[o + 4] = e0; s[o + 5] = e1;
  }

  #grow(): void {
    const old = this.#slots;
    const slots = (this.#mask + 1) * 2;
    const next = new Uint32Array(slots * WORDS);
    const mask = slots - 1;
    for (let o = 0; o < old.length; o += WORDS) {
      if (old[o + 3] !== 0) this.#put(next, mask, old[o]!, old[o + 1]!, old[o + 2]!, old[o + 3]!, old[o + 4]!, old[o + 5]!);
    }
    this.#slots = next;
    this.#mask = mask;
  }
}
