import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import { markDataChanged } from '../../db/dataset';
import { finishImport, startImport } from '../../db/imports';
import { setMostSimilarGroups } from '../../db/police-force-areas';
import type { Database } from '../../db/schema';
import { ImportError } from './errors';

/** An ONS police force area code: E23 (England) or W15 (Wales) and six digits. */
const PFA_CODE = /^(E23|W15)\d{6}$/;

export interface ForceGroupsOptions {
  codeField: string;
  similarField: string;
  label?: string;
}

export interface ForceGroupsReport {
  file: string;
  rowsRead: number;
  groups: Array<{ code: string; mostSimilar: string[] }>;
  /** Forces the file gives a group for whose boundary is not loaded (their rows are not kept). */
  notLoaded: string[];
  importId: number;
}

/**
 * Loads the Home Office "most similar groups" as the user has them: a CSV with one row per
 * (force, similar force) pair, both as ONS PFA codes. The groups are the user's to supply (the Home
 * Office publishes them for forces; we ship none); each force named replaces its whole group.
 */
export async function importForceGroups(db: Kysely<Database>, path: string, options: ForceGroupsOptions): Promise<ForceGroupsReport> {
  const label = options.label ?? path;
  const text = await readFile(path, 'utf8').catch(() => {
    throw new ImportError(`${label}: no such file`);
  });
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new ImportError(`${label}: line ${(parsed.errors[0]!.row ?? 0) + 2}: ${parsed.errors[0]!.message}`);
  for (const field of [options.codeField, options.similarField]) {
    if (!parsed.meta.fields?.includes(field)) throw new ImportError(`${label}: no column "${field}"; the columns are ${(parsed.meta.fields ?? []).map((f) => `"${f}"`).join(', ')}`);
  }
  const groups = new Map<string, string[]>();
  for (const [i, row] of parsed.data.entries()) {
    const code = row[options.codeField]!.trim();
    const similar = row[options.similarField]!.trim();
    for (const c of [code, similar]) if (!PFA_CODE.test(c)) throw new ImportError(`${label}: line ${i + 2}: "${c}" is not a police force area code (E23… or W15…)`);
    if (code === similar) throw new ImportError(`${label}: line ${i + 2}: ${code} is listed as similar to itself`);
    const group = groups.get(code) ?? [];
    if (!group.includes(similar)) group.push(similar);
    groups.set(code, group);
  }
  const importId = await startImport(db, 'force-groups', `${label} (most similar groups)`);
  try {
    const notLoaded = await db.transaction().execute(async (trx) => {
      const missing = await setMostSimilarGroups(trx, groups);
      await markDataChanged(trx, {});
      return missing;
    });
    const report: ForceGroupsReport = {
      file: label, rowsRead: parsed.data.length, importId, notLoaded,
      groups: [...groups].filter(([code]) => !notLoaded.includes(code)).map(([code, mostSimilar]) => ({ code, mostSimilar })),
    };
    const counts = { rowsRead: parsed.data.length, rowsLoaded: report.groups.reduce((a, g) => a + g.mostSimilar.length, 0), rowsWithoutLocation: 0, rowsRejected: 0 };
    await finishImport(db, importId, { status: 'succeeded', counts, report });
    return report;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishImport(db, importId, { status: 'failed', counts: { rowsRead: 0, rowsLoaded: 0, rowsWithoutLocation: 0, rowsRejected: 0 }, report: { file: label, error: message } });
    throw new ImportError(`${label}: ${message}`);
  }
}

export function formatForceGroupsReport(r: ForceGroupsReport): string[] {
  const lines = [`✓ ${r.file}: most similar groups for ${r.groups.length} police force areas (import #${r.importId})`];
  for (const g of r.groups) lines.push(`  ${g.code}: ${g.mostSimilar.join(', ')}`);
  if (r.notLoaded.length) lines.push(`  warning: no boundary loaded for ${r.notLoaded.join(', ')}: their groups were not kept (import boundaries --kind pfa first)`);
  return lines;
}
