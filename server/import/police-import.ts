import type { Kysely } from 'kysely';
import { markDataChanged } from '../../db/dataset';
import { finishImport, startImport } from '../../db/imports';
import { type IncidentInput, insertIncidentBatch } from '../../db/incident-writer';
import { deleteForceMonth, removeSyntheticDemo, syntheticDemoPresent } from '../../db/police-import';
import type { Database } from '../../db/schema';
import type { PoliceRowRejection, RejectReason } from '../../geodata/police-csv';
import type { Reporter } from '../progress';
import { ImportError } from './errors';
import { readPoliceCsv } from './police-csv-reader';
import type { PoliceFileSource } from './police-sources';

export interface PoliceImportOptions {
  /** Fail a file on any rejected row instead of loading it without them. */
  strict?: boolean;
  /** Permission to delete the synthetic demo (asked on the CLI, `--replace-demo`). */
  replaceDemo?: boolean;
  reporter?: Reporter;
  /** Rows per insert statement (JSON batch; default 10,000). */
  batchSize?: number;
}

/** What one file did; stored as the imports row's report and printed by the CLI. */
export interface PoliceFileReport {
  file: string;
  force: string;
  month: string;
  status: 'succeeded' | 'failed';
  importId: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsWithoutLocation: number;
  rowsRejected: number;
  /** Rows of the same force-month loaded before and now replaced. */
  rowsReplaced: number;
  rejectedByReason: Partial<Record<RejectReason, number>>;
  firstRejected: PoliceRowRejection[];
  /** The policy applied to rejected rows, in words. */
  policy: string;
  demoRemoved?: { incidents: number; districts: number };
  error?: string;
}

export const DEMO_PRESENT_MESSAGE =
  'The database holds the synthetic demo county. Loading real data removes it (its incidents and districts). ' +
  'Run again with --replace-demo to confirm.';

/**
 * Imports street-level files, one transaction per force-month: the month's previous police.uk rows
 * are deleted and the file's rows inserted, so a file that fails part-way leaves them untouched and
 * re-importing a file is idempotent. The audit row is written outside that transaction, so
 * failures are recorded too. A failing file does not stop the others.
 */
export async function importPoliceFiles(
  db: Kysely<Database>,
  files: readonly PoliceFileSource[],
  options: PoliceImportOptions = {},
): Promise<PoliceFileReport[]> {
  if (!options.replaceDemo && (await syntheticDemoPresent(db))) throw new ImportError(DEMO_PRESENT_MESSAGE);
  const reports: PoliceFileReport[] = [];
  for (const file of files) reports.push(await importOneFile(db, file, options));
  return reports;
}

async function importOneFile(db: Kysely<Database>, file: PoliceFileSource, options: PoliceImportOptions): Promise<PoliceFileReport> {
  const policy = options.strict
    ? '--strict: the file is refused if any row is rejected'
    : 'rejected rows are left out; the rest of the file is loaded';
  const importId = await startImport(db, 'police-csv', `${file.label} (${file.force} ${file.month})`);
  const report: PoliceFileReport = {
    file: file.label, force: file.force, month: file.month, status: 'failed', importId,
    rowsRead: 0, rowsLoaded: 0, rowsWithoutLocation: 0, rowsRejected: 0, rowsReplaced: 0,
    rejectedByReason: {}, firstRejected: [], policy,
  };
  const progress = options.reporter?.progress(`${file.force} ${file.month}`, 'rows');
  try {
    await db.transaction().execute(async (trx) => {
      if (await syntheticDemoPresent(trx)) report.demoRemoved = await removeSyntheticDemo(trx);
      report.rowsReplaced = await deleteForceMonth(trx, file.force, file.month);
      let loaded = 0;
      // One batch is inserted while the next is parsed: the database and the CSV parsing overlap
      // (two processes, two cores) instead of taking turns; at most two batches are held.
      let inflight: Promise<void> = Promise.resolve();
      const insert = async (rows: IncidentInput[]) => {
        loaded += await insertIncidentBatch(trx, { source: 'police-csv', importId, srid: 4326, rows });
      };
      let summary: Awaited<ReturnType<typeof readPoliceCsv>>;
      try {
        summary = await readPoliceCsv(await file.open(), {
          label: file.label, month: file.month, force: file.force, gzip: file.gzip,
          batchSize: options.batchSize ?? 10_000,
          onBatch: async (rows) => {
            await inflight; // a failed insert surfaces here and stops the reading
            inflight = insert(rows);
            inflight.catch(() => {}); // handled at the next await
          },
          onProgress: (bytes, records) => {
            const estimate = file.size && bytes > 0 && !file.gzip ? Math.round((records * file.size) / bytes) : undefined;
            progress?.update(records, estimate && estimate >= records ? estimate : undefined);
          },
        });
      } finally {
        // Never leave the transaction while an insert still runs on its connection.
        await inflight.catch(() => {});
      }
      await inflight;
      Object.assign(report, {
        rowsRead: summary.read, rowsLoaded: loaded, rowsWithoutLocation: summary.withoutLocation,
        rowsRejected: summary.rejected, firstRejected: summary.firstRejected,
        rejectedByReason: Object.fromEntries(Object.entries(summary.byReason).filter(([, n]) => n > 0)),
      });
      if (options.strict && summary.rejected > 0) {
        const first = summary.firstRejected[0]!;
        throw new ImportError(
          `${file.label}: ${summary.rejected} row${summary.rejected > 1 ? 's' : ''} rejected and --strict is set, so nothing was loaded; ` +
            `the first, line ${first.line} (${first.column}): ${first.message}`,
        );
      }
      await markDataChanged(trx, { synthetic: false });
    });
    report.status = 'succeeded';
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
    report.rowsLoaded = 0;
    delete report.demoRemoved;
    report.rowsReplaced = 0;
  } finally {
    progress?.done();
  }
  await finishImport(db, importId, {
    status: report.status,
    counts: { rowsRead: report.rowsRead, rowsLoaded: report.rowsLoaded, rowsWithoutLocation: report.rowsWithoutLocation, rowsRejected: report.rowsRejected },
    report,
  });
  return report;
}

/** The report as lines of text, for the CLI and logs. */
export function formatPoliceReport(r: PoliceFileReport): string[] {
  const n = (v: number) => v.toLocaleString('en-GB');
  if (r.status === 'failed') {
    const lines = [`✗ ${r.file}: FAILED, nothing changed for ${r.force} ${r.month} (import #${r.importId})`, `  ${r.error}`];
    if (r.rowsRead > 0) lines.push(`  rows read ${n(r.rowsRead)}, rejected ${n(r.rowsRejected)}`);
    return lines.concat(rejectionLines(r));
  }
  const lines = [
    `✓ ${r.file}: ${r.force} ${r.month} (import #${r.importId})`,
    `  rows read ${n(r.rowsRead)}, loaded ${n(r.rowsLoaded)} (of which ${n(r.rowsWithoutLocation)} without location, not on the map), rejected ${n(r.rowsRejected)}` +
      (r.rowsReplaced ? `; replaced ${n(r.rowsReplaced)} rows loaded earlier` : ''),
  ];
  if (r.demoRemoved) lines.push(`  removed the synthetic demo: ${n(r.demoRemoved.incidents)} incidents, ${n(r.demoRemoved.districts)} districts`);
  if (r.rowsRejected > 0) lines.push(`  policy: ${r.policy}`);
  return lines.concat(rejectionLines(r));
}

function rejectionLines(r: PoliceFileReport): string[] {
  if (r.rowsRejected === 0) return [];
  const lines = ['  rejected per reason: ' + Object.entries(r.rejectedByReason).map(([k, v]) => `${k} ${v}`).join(', ')];
  for (const x of r.firstRejected.slice(0, 10)) lines.push(`    line ${x.line}, ${x.column}: ${x.message}`);
  if (r.rowsRejected > 10) lines.push(`    … first ${Math.min(20, r.firstRejected.length)} in the imports row's report`);
  return lines;
}
