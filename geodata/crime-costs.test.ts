import { describe, expect, it } from 'vitest';
import { CATEGORY_SLUGS } from './categories';
import { CATEGORY_COST_RULES, crimeCost, unitCostOf } from './crime-costs';

describe('crime costs', () => {
  it('costs robbery at the report figure and criminal damage weighted by recorded offences (by hand)', () => {
    expect(unitCostOf('robbery')).toBe(11_320);
    // (432,167 × £1,350 + 22,837 × £8,420) / (432,167 + 22,837) = 775,712,990 / 455,004 = £1,704.85
    expect(unitCostOf('criminal-damage-arson')).toBe(1_705);
  });

  it('reports uncosted categories with a reason and adds nothing for them', () => {
    const cost = crimeCost({ robbery: 2, 'criminal-damage-arson': 3, 'anti-social-behaviour': 10, drugs: 4 });
    expect(cost.total).toBe(2 * 11_320 + 3 * 1_705);
    expect(cost.byCategory.robbery).toEqual({ incidents: 2, unitCost: 11_320, cost: 22_640 });
    expect(cost.byCategory['anti-social-behaviour']).toMatchObject({ incidents: 10, unitCost: null, cost: null });
    expect((cost.byCategory.drugs as { reason: string }).reason).toMatch(/no unit cost/);
    expect(cost.priceYear).toBe('2015/16');
    expect(cost.confirmedFromReport).toBe(false);
    expect(cost.basis).toMatch(/Research Report 99, Table 1/);
  });

  it('maps every police.uk category explicitly', () => {
    expect(Object.keys(CATEGORY_COST_RULES).sort()).toEqual([...CATEGORY_SLUGS].sort());
  });

  it('refuses an unknown category', () => {
    expect(() => crimeCost({ 'not-a-category': 1 })).toThrow(/unknown category/);
  });
});
