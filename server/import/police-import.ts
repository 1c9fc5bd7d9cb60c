import type { DatabaseHandle, TransactionCopy } from '../../db/connect';
import { markDataChanged } from '../../db/dataset';
import { databaseUnavailable } from '../database-errors';
import { finishImport, startImport } from '../../db/imports';
import { vacuumIncidents } from '../../db/incident-maintenance';
import { beginIncidentLoad, districtsVersion, finishIncidentLoad, type IncidentLoad, locatePoints } from '../../db/incident-load';
import { INCIDENT_COPY_COLUMNS, incidentCopyHead } from '../../db/incident-copy-text';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { removeSyntheticDemoIfPresent } from '../../db/demo-store';
import { deleteForceMonth } from '../../db/police-import';
import {
  type PoliceImportSummary, type PoliceRowRejection, type RejectReason, REPEATED_CRIME_ID_NOTE, type RepeatedCrimeId,
} from '../../geodata/police-csv';
import type { Reporter } from '../progress';
import { requireDemoConsent } from './demo-consent';
import { ImportError } from './errors';
import { type PoliceCopyBatchHandlers, type PoliceCopyBatchOptions, type PoliceCopyResult, policeCopyBatches } from './police-copy-batches';
import { policeCopyBatchesOnWorker, type WorkerHandlers } from './police-parse-thread';
import type { PoliceFileSource } from './police-sources';
import { LocatedPoints } from './located-points';
import { liftStatementTimeout } from '../../db/statement-timeout';

export interface PoliceImportOptions {
  /** Fail a file on any rejected row instead of loading it without them. */
  strict?: boolean;
  /** Permission to delete the synthetic demo (asked on the CLI, `--replace-demo`). */
  replaceDemo?: boolean;
  reporter?: Reporter;
  /**
   * Rows per COPY statement (default 2,000, ~500 KB: small enough that the text dies young;
   * 10,000-row batches spent 2.3 s of a 1,000,000-row import in garbage collection).
   */
  batchSize?: number;
  /** Parse on this thread or on a worker thread; by default a worker for files of a few MB and more (parserFor). */
  parser?: 'thread' | 'worker';
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
  /** A bulk load: the incidents indexes were dropped and rebuilt around the COPY (see beginIncidentLoad). */
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
 * re-importing a file is idempotent. The rows are COPYed into `incidents` in that transaction
 * while the file is still being parsed (db/incident-load.ts); the map points are located once
 * for all the files (located-points.ts). The audit row is written outside it, so failures are
 * recorded too. A failing file does not stop the others.
 */
export async function importPoliceFiles(
  database: DatabaseHandle,
  files: readonly PoliceFileSource[],
  options: PoliceImportOptions = {},
): Promise<PoliceFileReport[]> {
  await requireDemoConsent(database.db, options.replaceDemo);
  const reports: PoliceFileReport[] = [];
  const located = new LocatedPoints();
  try {
    for (const file of files) reports.push(await importOneFile(database, file, options, located));
  } finally {
    // Once per command, after the commits: VACUUM cannot run in a transaction (see incident-maintenance.ts).
    if (reports.some((r) => r.status === 'succeeded')) await vacuumIncidents(database.db);
  }
  return reports;
}

async function importOneFile(database: DatabaseHandle, file: PoliceFileSource, options: PoliceImportOptions, located: LocatedPoints): Promise<PoliceFileReport> {
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
  let databaseLost: unknown;
  try {
    await database.transactionWithCopy(async (trx, copy) => {
      await liftStatementTimeout(trx);
      const demoRemoved = await removeSyntheticDemoIfPresent(trx);
      if (demoRemoved) report.demoRemoved = demoRemoved;
      report.rowsReplaced = await deleteForceMonth(trx, file.force, file.month);
      const load = await beginIncidentLoad(trx, expectedRows(file));
      // Read after the demo's removal: the districts this file's points are located against.
      located.useDistricts(await districtsVersion(trx));
      const { summary, counts } = await copyFile(trx, copy, load, located, file, importId, options, (records, estimate) => progress?.update(records, estimate));
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
      await finishIncidentLoad(trx, load, { month: file.month, force: file.force, counts });
      report.rowsLoaded = summary.rows;
      report.rebuiltIndexes = load.bulk;
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
 * Rows a file is expected to hold, from its size: the bulk-load decision must be taken before the
 * first row goes in. police.uk street files run at 190–260 bytes a row; 150 errs towards a bulk
 * load, whose only cost when wrong is a lock held longer. A compressed file's size says little:
 * those count as 0 (kept indexes), which is always correct, only slower for a big first load.
 */
function expectedRows(file: PoliceFileSource): number {
  return file.size && !file.gzip ? Math.floor(file.size / 150) : 0;
}

/**
 * Parses the file and COPYs its rows into `incidents`, `batchSize` rows per COPY statement
 * (police-copy-batches.ts), on a worker thread for big files. On a server each COPY is left in
 * flight while the next batch is parsed and located, and waited for before the next is sent.
 */
async function copyFile(
  trx: Transaction<Database>, copy: TransactionCopy, load: IncidentLoad, located: LocatedPoints, file: PoliceFileSource, importId: number,
  options: PoliceImportOptions, onProgress: (records: number, estimate: number | undefined) => void,
): Promise<PoliceCopyResult> {
  let inflight: Promise<void> = Promise.resolve();
  // Once the copy has failed, a request of the parser still on its way must not reach the
  // connection: the transaction is being rolled back.
  let ended = false;
  const unlessEnded = () => {
    if (ended) throw new Error('the import has ended');
  };
  // `emit` takes text from this thread's parser and UTF-8 bytes from the worker's.
  const handlers: PoliceCopyBatchHandlers & WorkerHandlers = {
    locate: async (points) => {
      unlessEnded();
      return located.locate(points, (fresh) => {
        unlessEnded();
        return locatePoints(trx, fresh);
      });
    },
    emit: async (text: string | Uint8Array) => {
      await inflight;
      unlessEnded();
      inflight = copy('incidents', INCIDENT_COPY_COLUMNS, text, { freeze: load.freeze });
      inflight.catch(() => {}); // handled at the next await
    },
    onProgress: (bytes, records) => {
      const estimate = file.size && bytes > 0 && !file.gzip ? Math.round((records * file.size) / bytes) : undefined;
      onProgress(records, estimate && estimate >= records ? estimate : undefined);
    },
  };
  const batches: PoliceCopyBatchOptions = {
    label: file.label, month: file.month, force: file.force, gzip: file.gzip,
    head: incidentCopyHead('police-csv', file.month, file.force, importId), batchSize: options.batchSize ?? 2_000,
  };
  try {
    const source = await file.open();
    const result = (options.parser ?? parserFor(file)) === 'worker'
      ? await policeCopyBatchesOnWorker(source, batches, handlers)
      : await policeCopyBatches(source, batches, handlers);
    await inflight;
    return result;
  } catch (error) {
    // The transaction rolls back; the COPY in flight must have ended first, on this connection.
    ended = true;
    await inflight.catch(() => {});
    throw error;
  }
}

/**
 * Where a file is parsed: a worker thread pays for itself from a few MB (its start costs
 * ~0.1–0.2 s; see police-parse-thread.ts). A compressed file's size is taken as a sixth of its text.
 */
function parserFor(file: PoliceFileSource): 'thread' | 'worker' {
  return (file.size ?? 0) * (file.gzip ? 6 : 1) >= PARSER_WORKER_BYTES ? 'worker' : 'thread';
}

const PARSER_WORKER_BYTES = 4_000_000;

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
