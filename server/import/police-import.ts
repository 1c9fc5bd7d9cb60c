import type { DatabaseHandle } from '../../db/connect';
import { markDataChanged } from '../../db/dataset';
import { databaseUnavailable } from '../database-errors';
import { finishImport, startImport } from '../../db/imports';
import { vacuumIncidents } from '../../db/incident-maintenance';
import {
  analyzeStaging, createStaging, dropStaging, dropStaleStaging, appendStagingCopyLine, moveStagedIncidents, openStagingCopy,
} from '../../db/incident-staging';
import { removeSyntheticDemoIfPresent } from '../../db/demo-store';
import { deleteForceMonth } from '../../db/police-import';
import {
  type PoliceImportSummary, type PoliceRowRejection, type RejectReason, REPEATED_CRIME_ID_NOTE, type RepeatedCrimeId,
} from '../../geodata/police-csv';
import type { Reporter } from '../progress';
import { requireDemoConsent } from './demo-consent';
import { ImportError } from './errors';
import { readPoliceCsv } from './police-csv-reader';
import type { PoliceFileSource } from './police-sources';
import { liftStatementTimeout } from '../../db/statement-timeout';

export interface PoliceImportOptions {
  /** Fail a file on any rejected row instead of loading it without them. */
  strict?: boolean;
  /** Permission to delete the synthetic demo (asked on the CLI, `--replace-demo`). */
  replaceDemo?: boolean;
  reporter?: Reporter;
  /**
   * Rows per COPY write to the staging table (default 2,000, ~250 KB: small enough that the text
   * dies young; 10,000-row batches spent 2.3 s of a 1,000,000-row import in garbage collection).
   */
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
  /** A bulk load: the incidents indexes were dropped and rebuilt around the insert (see moveStagedIncidents). */
  rebuiltIndexes?: boolean;
  rejectedByReason: Partial<Record<RejectReason, number>>;
  firstRejected: PoliceRowRejection[];
  /** Rows loaded although their Crime ID appeared on an earlier, different row (REPEATED_CRIME_ID_NOTE). */
  repeatedCrimeIds: number;
  firstRepeatedCrimeIds: RepeatedCrimeId[];
  /** The policy applied to rejected rows, in words. */
  policy: string;
  demoRemoved?: { incidents: number; districts: number };
  error?: string;
}

/**
 * Imports street-level files, one transaction per force-month: the month's previous police.uk rows
 * are deleted and the file's rows inserted, so a file that fails part-way leaves them untouched and
 * re-importing a file is idempotent. The rows are first streamed with COPY into a staging table of
 * the import (while the file is parsed), then moved by one INSERT … SELECT in that transaction.
 * The audit row is written outside it, so failures are recorded too. A failing file does not stop
 * the others.
 */
export async function importPoliceFiles(
  database: DatabaseHandle,
  files: readonly PoliceFileSource[],
  options: PoliceImportOptions = {},
): Promise<PoliceFileReport[]> {
  await requireDemoConsent(database.db, options.replaceDemo);
  // Once per command: tables left by a killed process (their imports are not running).
  await dropStaleStaging(database.db);
  const reports: PoliceFileReport[] = [];
  try {
    for (const file of files) reports.push(await importOneFile(database, file, options));
  } finally {
    // Once per command, after the commits: VACUUM cannot run in a transaction (see incident-maintenance.ts).
    if (reports.some((r) => r.status === 'succeeded')) await vacuumIncidents(database.db);
  }
  return reports;
}

async function importOneFile(database: DatabaseHandle, file: PoliceFileSource, options: PoliceImportOptions): Promise<PoliceFileReport> {
  const { db } = database;
  const policy = options.strict
    ? '--strict: the file is refused if any row is rejected'
    : 'rejected rows are left out; the rest of the file is loaded';
  const importId = await startImport(db, 'police-csv', `${file.label} (${file.force} ${file.month})`);
  const report: PoliceFileReport = {
    file: file.label, force: file.force, month: file.month, status: 'failed', importId,
    rowsRead: 0, rowsLoaded: 0, rowsWithoutLocation: 0, rowsRejected: 0, rowsReplaced: 0,
    rejectedByReason: {}, firstRejected: [], repeatedCrimeIds: 0, firstRepeatedCrimeIds: [], policy,
  };
  const progress = options.reporter?.progress(`${file.force} ${file.month}`, 'rows');
  let staging: string | undefined;
  let databaseLost: unknown;
  try {
    staging = await createStaging(db, importId);
    const summary = await stageFile(database, staging, file, options, (records, estimate) => progress?.update(records, estimate));
    Object.assign(report, {
      rowsRead: summary.read, rowsWithoutLocation: summary.withoutLocation,
      rowsRejected: summary.rejected, firstRejected: summary.firstRejected,
      rejectedByReason: Object.fromEntries(Object.entries(summary.byReason).filter(([, n]) => n > 0)),
      repeatedCrimeIds: summary.repeatedCrimeIds, firstRepeatedCrimeIds: summary.firstRepeatedCrimeIds,
    });
    if (options.strict && summary.rejected > 0) {
      const first = summary.firstRejected[0]!;
      throw new ImportError(
        `${file.label}: ${summary.rejected} row${summary.rejected > 1 ? 's' : ''} rejected and --strict is set, so nothing was loaded; ` +
          `the first, line ${first.line} (${first.column}): ${first.message}`,
      );
    }
    const table = staging;
    await analyzeStaging(db, table);
    await db.transaction().execute(async (trx) => {
      await liftStatementTimeout(trx);
      const demoRemoved = await removeSyntheticDemoIfPresent(trx);
      if (demoRemoved) report.demoRemoved = demoRemoved;
      report.rowsReplaced = await deleteForceMonth(trx, file.force, file.month);
      const moved = await moveStagedIncidents(trx, { table, source: 'police-csv', importId, force: file.force, month: file.month, rows: summary.rows });
      report.rowsLoaded = moved.inserted;
      report.rebuiltIndexes = moved.rebuiltIndexes;
      await markDataChanged(trx, { synthetic: false });
    });
    report.status = 'succeeded';
  } catch (error) {
    // The connection ended (terminated, server restarting): nothing of the file committed, but the
    // next files would fail the same way, and the caller should hear "unavailable", not "bad file".
    if (databaseUnavailable(error)) databaseLost = error;
    report.error = error instanceof Error ? error.message : String(error);
    report.rowsLoaded = 0;
    delete report.demoRemoved;
    delete report.rebuiltIndexes;
    report.rowsReplaced = 0;
  } finally {
    progress?.done();
    // A table left behind (the database gone meanwhile) is dropped by the next import.
    if (staging) await dropStaging(db, staging).catch(() => {});
  }
  const recorded = finishImport(db, importId, {
    status: report.status,
    counts: { rowsRead: report.rowsRead, rowsLoaded: report.rowsLoaded, rowsWithoutLocation: report.rowsWithoutLocation, rowsRejected: report.rowsRejected },
    report,
  });
  if (databaseLost) {
    await recorded.catch(() => {});
    throw databaseLost;
  }
  await recorded;
  return report;
}

/**
 * Parses the file into the staging table. COPY text is written every `batchSize` rows without
 * waiting, so the database takes in one batch while the next is parsed (on a server: two
 * processes, two cores); the reading waits for it after each chunk, so at most about two batches
 * are held in memory.
 */
async function stageFile(
  database: DatabaseHandle, staging: string, file: PoliceFileSource, options: PoliceImportOptions,
  onProgress: (records: number, estimate: number | undefined) => void,
): Promise<PoliceImportSummary> {
  const batchSize = options.batchSize ?? 2_000;
  const copy = await openStagingCopy(database, staging);
  let pieces: string[] = [];
  let rows = 0;
  let inflight: Promise<void> = Promise.resolve();
  const send = () => {
    const text = pieces.join('');
    pieces = [];
    rows = 0;
    inflight = inflight.then(() => copy.write(text));
    inflight.catch(() => {}); // handled at the next await
  };
  try {
    const summary = await readPoliceCsv(await file.open(), {
      label: file.label, month: file.month, force: file.force, gzip: file.gzip,
      onRow: (r) => {
        appendStagingCopyLine(pieces, r);
        if (++rows >= batchSize) send();
      },
      afterChunk: () => inflight,
      onProgress: (bytes, records) => {
        const estimate = file.size && bytes > 0 && !file.gzip ? Math.round((records * file.size) / bytes) : undefined;
        onProgress(records, estimate && estimate >= records ? estimate : undefined);
      },
    });
    if (rows > 0) send();
    await inflight;
    await copy.end();
    return summary;
  } catch (error) {
    // Never leave the COPY running on its connection: the staging table is dropped next.
    await inflight.catch(() => {});
    await copy.abort();
    throw error;
  }
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
  return lines.concat(rejectionLines(r), repeatedCrimeIdLines(r));
}

function repeatedCrimeIdLines(r: PoliceFileReport): string[] {
  if (r.repeatedCrimeIds === 0) return [];
  const lines = [`  note: ${r.repeatedCrimeIds} row${r.repeatedCrimeIds > 1 ? 's' : ''} with a ${REPEATED_CRIME_ID_NOTE}`];
  for (const x of r.firstRepeatedCrimeIds.slice(0, 10)) lines.push(`    line ${x.line}: Crime ID ${x.crimeId} as on line ${x.firstLine}, other fields differ`);
  if (r.repeatedCrimeIds > 10) lines.push(`    … first ${Math.min(20, r.firstRepeatedCrimeIds.length)} in the imports row's report`);
  return lines;
}

function rejectionLines(r: PoliceFileReport): string[] {
  if (r.rowsRejected === 0) return [];
  const lines = ['  rejected per reason: ' + Object.entries(r.rejectedByReason).map(([k, v]) => `${k} ${v}`).join(', ')];
  for (const x of r.firstRejected.slice(0, 10)) lines.push(`    line ${x.line}, ${x.column}: ${x.message}`);
  if (r.rowsRejected > 10) lines.push(`    … first ${Math.min(20, r.firstRejected.length)} in the imports row's report`);
  return lines;
}
