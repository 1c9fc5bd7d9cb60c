import { monthLabel } from '../state/view-state';
import type { Funding, Plan, PlanCoverage, PlanFeature, PlanWithFeatures, Session } from './plan-api';
import { kindLabel } from './plan-style';

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const count = new Intl.NumberFormat('en-GB');
const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });

/** Whether the signed-in caller may write this district's plans: its editors and admins (server/auth/caller.ts's rule; the server decides again). */
export function canEditDistrict(session: Session | null, districtCode: string): boolean {
  if (!session?.signedIn) return false;
  return session.role === 'admin' || (session.role === 'editor' && (session.districts ?? []).includes(districtCode));
}

/** "£25,000 from PCC Safer Streets", or "none". */
export function fundingLabel(funding: Funding | null): string {
  return funding ? `${gbp.format(funding.amount)} from ${funding.fund}` : 'none';
}

/** "Apr 2025 – Mar 2026". */
export const periodLabel = (plan: Pick<Plan, 'periodStart' | 'periodEnd'>) => `${monthLabel(plan.periodStart)} – ${monthLabel(plan.periodEnd)}`;

/** A feature's details in words: the tooltip, the click details and the feature list say the same. */
export function featureFacts(feature: PlanFeature): Array<[string, string]> {
  const facts: Array<[string, string]> = [['Kind', kindLabel(feature.kind)], ['Name', feature.name]];
  facts.push(['Lead partner', feature.leadPartner ?? 'not named'], ['Funding', fundingLabel(feature.funding)]);
  if (feature.description) facts.push(['Description', feature.description]);
  return facts;
}

export interface DistrictPlans {
  code: string;
  name: string;
  plans: Plan[];
}

/** Plans by district, districts by name, each district's plans as the server lists them (by id). */
export function plansByDistrict(plans: readonly Plan[], names: ReadonlyMap<string, string>): DistrictPlans[] {
  const groups = new Map<string, Plan[]>();
  for (const plan of plans) groups.set(plan.districtCode, [...(groups.get(plan.districtCode) ?? []), plan]);
  return [...groups].map(([code, list]) => ({ code, name: names.get(code) ?? code, plans: list })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The overlay ids with `id` switched on or off, in ascending order (the URL's form). */
export function toggleOverlay(overlays: readonly number[], id: number, on: boolean): number[] {
  const set = new Set(overlays);
  if (on) set.add(id);
  else set.delete(id);
  return [...set].sort((a, b) => a - b);
}

const PLAN_FIELDS: Array<[keyof Plan, string]> = [
  ['title', 'Title'], ['periodStart', 'Start'], ['periodEnd', 'End'], ['status', 'Status'], ['summary', 'Summary'], ['priorities', 'Priorities'], ['ownerContact', 'Owner contact'],
];

const shown = (value: unknown) => (Array.isArray(value) ? value.join('; ') || '(none)' : String(value) || '(empty)');

/**
 * What another writer changed between the version this officer read and the current one, in
 * words, for the conflict message: plan fields, then features added, removed or changed.
 */
export function planChanges(read: PlanWithFeatures, current: PlanWithFeatures): string[] {
  const lines: string[] = [];
  for (const [key, label] of PLAN_FIELDS) {
    if (JSON.stringify(read[key]) !== JSON.stringify(current[key])) lines.push(`${label}: “${shown(read[key])}” → “${shown(current[key])}”`);
  }
  const before = new Map(read.features.map((f) => [f.id, f]));
  const after = new Map(current.features.map((f) => [f.id, f]));
  for (const f of current.features) if (!before.has(f.id)) lines.push(`${kindLabel(f.kind)} “${f.name}” added`);
  for (const f of read.features) if (!after.has(f.id)) lines.push(`${kindLabel(f.kind)} “${f.name}” removed`);
  for (const f of current.features) {
    const old = before.get(f.id);
    if (old && old.updatedAt !== f.updatedAt) lines.push(`${kindLabel(f.kind)} “${f.name}” changed`);
  }
  if (!lines.length) lines.push('Only the version changed (a change was made and undone, or another feature was edited and put back)');
  return [`Now version ${current.version}, last changed by ${current.updatedBy}:`, ...lines];
}

/** The coverage figures in words: share of hot cells, incidents and harm inside the priority areas. */
export function coverageFacts(c: PlanCoverage): Array<[string, string]> {
  const share = (s: number | null) => (s === null ? 'no data' : percent.format(s));
  return [
    ['Period', `${monthLabel(c.period.from)} – ${monthLabel(c.period.to)}`],
    ['Hot cells (Gi* 99 %) covered', `${share(c.hotCells.share)} (${count.format(c.hotCells.covered)} of ${count.format(c.hotCells.total)})`],
    ['Incidents covered', `${share(c.incidents.share)} (${count.format(c.incidents.covered)} of ${count.format(c.incidents.total)})`],
    ['Harm covered', `${share(c.harm.share)} (${count.format(Math.round(c.harm.covered))} of ${count.format(Math.round(c.harm.total))} days)`],
  ];
}

/** An uncovered hot cell in words: where (BNG metres, its south-west corner) and how hot. */
export function uncoveredCellLabel(cell: PlanCoverage['uncoveredHotCells'][number]): string {
  return `${cell.cellSize} m cell at ${cell.easting} E, ${cell.northing} N: z ${cell.z.toFixed(2)}, ${count.format(cell.incidents)} incidents`;
}
