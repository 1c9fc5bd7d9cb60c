import { categoryName, isCategorySlug } from '../../geodata/categories';
import type { ComparisonWindow, DistrictProfile } from '../../server/profiles/types';
import { type ViewState, analysisQuery, monthLabel } from '../state/view-state';

/**
 * The Profile and Compare views' pure part: the API queries of a view, the rows each chart draws
 * and its table repeats, the scales shared by compared districts, and figures in words. No DOM,
 * no Plot: unit tested in Node (profile-model.test.ts).
 */

export interface MonthRow {
  month: string;
  /** Month start (UTC), for a time axis. */
  date: Date;
  label: string;
  count: number;
}

export interface CategoryRow {
  slug: string;
  name: string;
  count: number;
}

/** The filters of a profile or comparison: the analysis filters without the map's own (districts, weighting). */
export function profileFilters(state: ViewState): Record<string, string> {
  const { districts: _districts, weighting: _weighting, ...filters } = analysisQuery(state);
  return filters;
}

const queryString = (q: Record<string, string>) => new URLSearchParams(q).toString().replaceAll('%2C', ',');

/** GET /api/districts/:code/profile for the view's profile district (null when none is chosen). */
export function profileUrl(state: ViewState, format: 'json' | 'csv' = 'json'): string | null {
  if (!state.profile) return null;
  const q = { ...profileFilters(state), ...(format === 'csv' ? { format } : {}) };
  const tail = queryString(q);
  return `/api/districts/${encodeURIComponent(state.profile)}/profile${tail ? `?${tail}` : ''}`;
}

/** GET /api/compare for the view's compared districts (null until there are two). */
export function compareUrl(state: ViewState, format: 'json' | 'csv' = 'json'): string | null {
  if (state.compare.length < 2) return null;
  return `/api/compare?${queryString({ districts: state.compare.join(','), ...profileFilters(state), ...(format === 'csv' ? { format } : {}) })}`;
}

export function monthRows(profile: Pick<DistrictProfile, 'monthly'>): MonthRow[] {
  return profile.monthly.map(({ month, count }) => {
    const [y, m] = month.split('-').map(Number);
    return { month, date: new Date(Date.UTC(y!, m! - 1, 1)), label: monthLabel(month), count };
  });
}

/** Every requested category in the response's order, zeros included (the API lists them all). */
export function categoryRows(profile: Pick<DistrictProfile, 'byCategory'>, categories: readonly string[]): CategoryRow[] {
  return categories.map((slug) => ({ slug, name: isCategorySlug(slug) ? categoryName(slug) : slug, count: profile.byCategory[slug] ?? 0 }));
}

/**
 * One y domain for every compared district's trend chart and one x domain for their category
 * bars: [0, the largest value of any of them], so equal lengths mean equal counts across panels.
 * A domain of [0, 1] when everything is zero keeps the axis drawable.
 */
export function sharedDomains(profiles: ReadonlyArray<Pick<DistrictProfile, 'monthly' | 'byCategory'>>): { monthly: [number, number]; byCategory: [number, number] } {
  const monthlyMax = Math.max(0, ...profiles.flatMap((p) => p.monthly.map((m) => m.count)));
  const categoryMax = Math.max(0, ...profiles.flatMap((p) => Object.values(p.byCategory)));
  return { monthly: [0, monthlyMax || 1], byCategory: [0, categoryMax || 1] };
}

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatCount = (n: number) => whole.format(n);
export const formatRate = (n: number | null) => (n === null ? 'not available' : oneDecimal.format(n));
export const formatPounds = (n: number) => `£${whole.format(n)}`;

export interface ChangeSummary {
  direction: 'up' | 'down' | 'same';
  /** ▲ ▼ or =, shown beside the words (never alone: the words carry the meaning). */
  arrow: string;
  /** e.g. "up 8.0% (+321): 4,000 in 2024-01 to 2024-12, 4,321 now" */
  text: string;
}

/** A change against an earlier window in words, with the counts behind it. */
export function changeSummary(window: ComparisonWindow, current: number): ChangeSummary {
  const direction = window.change > 0 ? 'up' : window.change < 0 ? 'down' : 'same';
  const arrow = { up: '▲', down: '▼', same: '=' }[direction];
  const pct = window.changePct === null ? '' : ` ${oneDecimal.format(Math.abs(window.changePct))}%`;
  const signed = `${window.change > 0 ? '+' : window.change < 0 ? '−' : '±'}${whole.format(Math.abs(window.change))}`;
  const head = direction === 'same' ? 'no change' : `${direction}${pct} (${signed})`;
  return { direction, arrow, text: `${head}: ${whole.format(window.incidents)} in ${window.from} to ${window.to}, ${whole.format(current)} now` };
}

/** 1 → "1st", 2 → "2nd", 11 → "11th", 23 → "23rd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** The rank in few words for a Compare column: "2nd by rate, 1st by count of 14". */
export function shortRankText(rank: DistrictProfile['rank']): string {
  const byRate = rank.byRate === null ? 'no rate rank' : `${ordinal(rank.byRate)} by rate`;
  return `${byRate}, ${ordinal(rank.byCount)} by count of ${rank.of}`;
}

/** The rank in words: "2nd of 14 by rate per 1,000, 1st by count (1 = highest)". */
export function rankText(rank: DistrictProfile['rank']): string {
  const byRate = rank.byRate === null ? 'no rate rank (no population)' : `${ordinal(rank.byRate)} of ${rank.of} by rate per 1,000`;
  return `${byRate}, ${ordinal(rank.byCount)} of ${rank.of} by count (1st = highest)`;
}

interface Warned { warnings: ReadonlyArray<{ code: string; message: string }> }

/**
 * Warnings every compared area has word for word (e.g. the earlier months not loaded) are said
 * once above the comparison; each column keeps only its own, so a printed page is not mostly
 * repeats.
 */
export function splitWarnings(areas: readonly Warned[]): { shared: string[]; own: string[][] } {
  const messages = areas.map((a) => new Set(a.warnings.map((w) => w.message)));
  const shared = [...(messages[0] ?? [])].filter((m) => messages.every((set) => set.has(m)));
  return { shared, own: areas.map((a) => a.warnings.map((w) => w.message).filter((m) => !shared.includes(m))) };
}
