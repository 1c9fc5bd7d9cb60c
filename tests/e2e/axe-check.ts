import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

// The accessibility check every browser suite can use: axe-core (the engine of most WCAG audits)
// injected into the page and run with the WCAG 2.0, 2.1 and 2.2 level A and AA rules.
//
//   await expectAxeClean(page, 'profile view, 390 × 844');
//
// A new view calls it once it is drawn (after its data-app-state / own signal says so).

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The WCAG rule sets the app must pass (Public Sector Bodies Accessibility Regulations: WCAG 2.2 AA). */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

export interface AxeViolation {
  rule: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export interface AxeOptions {
  /** CSS selectors left out of the check, e.g. a third-party widget a test cannot change. Say why at the call. */
  exclude?: string[];
}

/** Runs axe-core on the page as it is now and returns its violations (injects axe on first use). */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol rather than added as a <script>: the app's
  // Content-Security-Policy (script-src 'self') rightly refuses an inline script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(axeSource, 'utf8'));
  return page.evaluate(
    async ({ tags, exclude }) => {
      const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
      const context = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document;
      const result = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
    },
    { tags: [...WCAG_AA_TAGS], exclude: options.exclude ?? [] },
  );
}

/** One line per violation: rule (impact): help, then its first targets. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const shown = v.targets.slice(0, 5).join(', ');
      const more = v.targets.length > 5 ? ` and ${v.targets.length - 5} more` : '';
      return `${v.rule} (${v.impact ?? 'n/a'}, ${v.targets.length} element${v.targets.length === 1 ? '' : 's'}): ${v.help}\n    ${shown}${more}`;
    })
    .join('\n');
}

/** Fails the test with a readable list when axe finds any WCAG A/AA violation in `state`. */
export async function expectAxeClean(page: Page, state: string, options?: AxeOptions): Promise<void> {
  const violations = await axeViolations(page, options);
  expect(violations.length === 0 ? '' : `axe: ${violations.length} violation(s) in ${state}:\n${formatViolations(violations)}`).toBe('');
}
