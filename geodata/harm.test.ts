import { describe, expect, it } from 'vitest';
import { CATEGORY_SLUGS, type CategorySlug } from './categories';
import { DEFAULT_HARM_WEIGHTS, HARM_WEIGHT_BASIS, harmOf, resolveHarmWeights } from './harm';

describe('DEFAULT_HARM_WEIGHTS', () => {
  it('has a finite, non-negative weight and a stated basis for each of the 14 slugs', () => {
    expect(Object.keys(DEFAULT_HARM_WEIGHTS).sort()).toEqual([...CATEGORY_SLUGS].sort());
    expect(Object.keys(HARM_WEIGHT_BASIS).sort()).toEqual([...CATEGORY_SLUGS].sort());
    for (const slug of CATEGORY_SLUGS) {
      expect(Number.isFinite(DEFAULT_HARM_WEIGHTS[slug])).toBe(true);
      expect(DEFAULT_HARM_WEIGHTS[slug]).toBeGreaterThanOrEqual(0);
      expect(HARM_WEIGHT_BASIS[slug].length).toBeGreaterThan(20);
    }
  });

  it('gives ASB the lowest CCHI of any offence, never more than a crime category', () => {
    expect(DEFAULT_HARM_WEIGHTS['anti-social-behaviour']).toBe(1);
    for (const slug of CATEGORY_SLUGS) expect(DEFAULT_HARM_WEIGHTS[slug]).toBeGreaterThanOrEqual(1);
  });

  it('averages a category\'s subgroups by offences recorded (worked by hand)', () => {
    // Burglary: (273.5 × 166,316 + 183.5 × 78,332) / 244,648 = 59,861,348 / 244,648 = 244.683…
    expect(DEFAULT_HARM_WEIGHTS.burglary).toBe(244.68);
    // Criminal damage and arson: (2 × 432,167 + 185 × 22,837) / 455,004 = 5,089,179 / 455,004 = 11.184…
    expect(DEFAULT_HARM_WEIGHTS['criminal-damage-arson']).toBe(11.18);
    // Drugs: (3 × 135,651 + 5 × 66,504) / 202,155 = 739,473 / 202,155 = 3.657…
    expect(DEFAULT_HARM_WEIGHTS.drugs).toBe(3.66);
    // Violence and sexual offences, seven subgroups: 413,712,329.25 / 2,130,180 = 194.214…
    expect(DEFAULT_HARM_WEIGHTS['violent-crime']).toBe(194.21);
    // A single subgroup is its own median.
    expect(DEFAULT_HARM_WEIGHTS.robbery).toBe(365);
    expect(DEFAULT_HARM_WEIGHTS['possession-of-weapons']).toBe(273.75);
    expect(DEFAULT_HARM_WEIGHTS.shoplifting).toBe(1);
  });

  it('states each category\'s subgroups and their CCHI days in its basis', () => {
    expect(HARM_WEIGHT_BASIS.burglary).toContain('Residential burglary 273.5');
    expect(HARM_WEIGHT_BASIS.burglary).toContain('year ending March 2025');
    expect(HARM_WEIGHT_BASIS.robbery).toContain('Robbery of personal property 365');
    expect(HARM_WEIGHT_BASIS['anti-social-behaviour']).toContain('no Cambridge Crime Harm Index value');
  });

  it('ranks robbery above burglary above theft from the person above shoplifting', () => {
    const w = DEFAULT_HARM_WEIGHTS;
    expect(w.robbery).toBeGreaterThan(w.burglary);
    expect(w.burglary).toBeGreaterThan(w['theft-from-the-person']);
    expect(w['theft-from-the-person']).toBeGreaterThan(w.shoplifting);
  });
});

describe('resolveHarmWeights', () => {
  it('returns the defaults when given nothing', () => {
    expect(resolveHarmWeights()).toEqual(DEFAULT_HARM_WEIGHTS);
  });

  it('applies overrides and leaves every other category at its default', () => {
    const w = resolveHarmWeights({ burglary: 500, 'anti-social-behaviour': 0, drugs: undefined });
    expect(w.burglary).toBe(500);
    expect(w['anti-social-behaviour']).toBe(0);
    expect(w.drugs).toBe(DEFAULT_HARM_WEIGHTS.drugs);
    expect(w.robbery).toBe(DEFAULT_HARM_WEIGHTS.robbery);
    expect(Object.isFrozen(w)).toBe(true);
    expect(DEFAULT_HARM_WEIGHTS.burglary).not.toBe(500);
  });

  it('names the category when an override is invalid', () => {
    expect(() => resolveHarmWeights({ burglary: -1 })).toThrow('harm: weight for "burglary" must be a finite number ≥ 0, got -1');
    expect(() => resolveHarmWeights({ robbery: NaN })).toThrow('harm: weight for "robbery" must be a finite number ≥ 0, got NaN');
    expect(() => resolveHarmWeights({ drugs: Infinity })).toThrow('harm: weight for "drugs" must be a finite number ≥ 0, got Infinity');
    const fromJson = JSON.parse('{"shoplifting": "7"}') as Partial<Record<CategorySlug, number>>;
    expect(() => resolveHarmWeights(fromJson)).toThrow('harm: weight for "shoplifting" must be a finite number ≥ 0, got 7');
    const unknown = { 'fraud': 10 } as unknown as Partial<Record<CategorySlug, number>>;
    expect(() => resolveHarmWeights(unknown)).toThrow('harm: unknown category "fraud"');
  });
});

describe('harmOf', () => {
  it('maps category indices (CATEGORIES order) to weights', () => {
    const w = resolveHarmWeights({ 'anti-social-behaviour': 0 });
    const harm = harmOf(new Uint8Array([2, 0, 12, 13, 2]), w);
    expect(harm).toBeInstanceOf(Float64Array);
    expect(Array.from(harm)).toEqual([w.burglary, 0, w['violent-crime'], w['other-crime'], w.burglary]);
  });

  it('covers every category index 0..13', () => {
    const idx = Uint8Array.from(CATEGORY_SLUGS.keys());
    expect(Array.from(harmOf(idx, DEFAULT_HARM_WEIGHTS))).toEqual(CATEGORY_SLUGS.map((s) => DEFAULT_HARM_WEIGHTS[s]));
  });

  it('rejects an out-of-range index and a hand-built table with a bad weight', () => {
    expect(() => harmOf(new Uint8Array([1, 14]), DEFAULT_HARM_WEIGHTS)).toThrow(
      'harm: category index 14 at position 1 is outside 0..13',
    );
    const bad = { ...DEFAULT_HARM_WEIGHTS, robbery: -5 };
    expect(() => harmOf(new Uint8Array([0]), bad)).toThrow('harm: weight for "robbery" must be a finite number ≥ 0, got -5');
  });

  it('returns an empty array for no incidents', () => {
    expect(harmOf(new Uint8Array(0), DEFAULT_HARM_WEIGHTS)).toHaveLength(0);
  });
});
