import { describe, expect, it } from 'vitest';
import { missingIn, monthOptionText, periodChoices, pickedPeriod, shownPeriod } from './period-choices';

// Lancashire's real coverage (issue 17): January–April 2024 and all of 2025 loaded, May–December 2024 not.
const GAP_2024 = ['2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12'];
const lancashire = periodChoices(['2024-01', '2025-12'], GAP_2024);

describe('the period picker over months with a gap', () => {
  it('offers every month of the span and marks those with no data in words', () => {
    expect(lancashire.months).toHaveLength(24);
    expect(monthOptionText('2024-06', lancashire)).toBe('Jun 2024 (no data)');
    expect(monthOptionText('2024-04', lancashire)).toBe('Apr 2024');
    expect(lancashire.months.filter((m) => monthOptionText(m, lancashire).endsWith('(no data)'))).toEqual(GAP_2024);
  });

  it('shows the period the server analyses by default: the latest gap-free run, not first to last', () => {
    expect(lancashire.defaultPeriod).toEqual({ from: '2025-01', to: '2025-12' });
    expect(shownPeriod({ from: null, to: null }, lancashire)).toEqual({ from: '2025-01', to: '2025-12' });
    // One end given: the other is the first or last month loaded, as the server reads it.
    expect(shownPeriod({ from: '2024-02', to: null }, lancashire)).toEqual({ from: '2024-02', to: '2025-12' });
    expect(shownPeriod({ from: null, to: '2024-03' }, lancashire)).toEqual({ from: '2024-01', to: '2024-03' });
  });

  it('writes the default period as no ends, any other as both ends, and moves a crossed end along', () => {
    expect(pickedPeriod('2025-01', '2025-12', 'from', lancashire)).toEqual({ from: null, to: null });
    // Picking the first month loaded is a real choice now (it used to read as "the default").
    expect(pickedPeriod('2024-01', '2025-12', 'from', lancashire)).toEqual({ from: '2024-01', to: '2025-12' });
    expect(pickedPeriod('2025-06', '2025-03', 'from', lancashire)).toEqual({ from: '2025-06', to: '2025-06' });
    expect(pickedPeriod('2025-06', '2025-03', 'to', lancashire)).toEqual({ from: '2025-03', to: '2025-03' });
  });

  it('counts the months with no data inside a period', () => {
    expect(missingIn({ from: '2024-01', to: '2025-12' }, lancashire)).toEqual(GAP_2024);
    expect(missingIn({ from: '2024-03', to: '2024-06' }, lancashire)).toEqual(['2024-05', '2024-06']);
    expect(missingIn({ from: '2025-01', to: '2025-12' }, lancashire)).toEqual([]);
  });

  it('without gaps the default is the whole span, and with no data there is no period', () => {
    const whole = periodChoices(['2025-11', '2025-12']);
    expect(whole.defaultPeriod).toEqual({ from: '2025-11', to: '2025-12' });
    expect(monthOptionText('2025-11', whole)).toBe('Nov 2025');
    const none = periodChoices(null, []);
    expect(none).toMatchObject({ months: [], defaultPeriod: null });
    expect(shownPeriod({ from: null, to: null }, none)).toEqual({ from: '', to: '' });
  });
});
