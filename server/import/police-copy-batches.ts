import type { Readable } from 'node:stream';
import { districtOfTail, type IncidentCopyHead, incidentCopyLine, type LoadedCounts } from '../../db/incident-copy-text';
import type { PoliceImportSummary, PoliceIncidentRow } from '../../geodata/police-csv';
import { readPoliceCsv } from './police-csv-reader';

export interface PoliceCopyBatchOptions {
  /** How the file is named in messages. */
  label: string;
  /** From the file name: every row must carry this month. */
  month: string;
  force: string;
  gzip: boolean;
  /** The COPY line fields every row of the file shares (incidentCopyHead). */
  head: IncidentCopyHead;
  /** Rows per batch, so per COPY statement. */
  batchSize: number;
}

export interface PoliceCopyBatchHandlers {
  /** Each point's stored location columns as a COPY line tail, in order (locatePoints). */
  locate: (points: Array<[number, number]>) => Promise<string[]>;
  /** Takes one batch's COPY text; resolves once the next batch may follow (see copyFile in police-import.ts). */
  emit: (text: string) => Promise<void>;
  /** Bytes of the input consumed so far, and records read. */
  onProgress?: (bytes: number, records: number) => void;
}

/**
 * Batches parsed and located whose text `emit` has not yet taken, beyond which the parser waits:
 * one, so at most about two batches are held. Two was no faster (1,000,000 rows: 21.9–23.8 s against
 * 19.9–24.7 s, run to run spread larger than any difference) and peaked 20–35 MB higher.
 */
const LOOKAHEAD = 1;

export interface PoliceCopyResult {
  summary: PoliceImportSummary;
  /** Of the rows handed on with a district: what a bulk load adds to incident_counts (finishIncidentLoad). */
  counts: LoadedCounts;
}

/**
 * Reads one street-level file and hands its accepted rows on as COPY text for `incidents`, `batchSize`
 * rows at a time. A batch's points not seen before are located first (one `locate` call); each
 * point's tail is then reused for every later row at it. Reading waits while `emit` does, so a slow
 * database slows the parser and at most about two batches are held in memory. The rows handed on
 * are counted per district and category on the way, so a bulk load need not count them again from
 * the table (a 2.2 s scan of 1,000,000 rows).
 *
 * Pure of any database or thread: the import runs it on its own thread for small files and on a
 * worker thread for big ones (police-parse-thread.ts), with `locate` and `emit` then answered by
 * the main thread, which holds the transaction.
 */
export async function policeCopyBatches(source: Readable, options: PoliceCopyBatchOptions, handlers: PoliceCopyBatchHandlers): Promise<PoliceCopyResult> {
  const { head, batchSize } = options;
  /** Each point's index in `points` by longitude, then latitude (numbers as keys: no text made for every row). */
  const pointIndex = new Map<number, Map<number, number>>();
  /** Each point's COPY tail and district, once located ('' and null until then). */
  const pointTails: string[] = [];
  const pointDistricts: Array<string | null> = [];
  const counts = new Map<string, Map<string, number>>();
  let batch: PoliceIncidentRow[] = [];
  /** Batches located or being located whose text is not yet taken by `emit`, oldest first. */
  const ahead: Array<Promise<void>> = [];
  let last: Promise<void> = Promise.resolve();
  const send = async () => {
    const rows = batch;
    batch = [];
    // Each row's point, looked up once (a lookup costs ~0.25 µs: half a second per million rows).
    const rowPoints = new Int32Array(rows.length).fill(-1);
    const fresh: Array<[number, number]> = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.longitude === null) continue;
      let byLatitude = pointIndex.get(r.longitude);
      if (!byLatitude) pointIndex.set(r.longitude, (byLatitude = new Map()));
      let point = byLatitude.get(r.latitude!);
      if (point === undefined) {
        byLatitude.set(r.latitude!, (point = pointTails.length));
        pointTails.push('');
        pointDistricts.push(null);
        fresh.push([r.longitude, r.latitude!]);
      }
      rowPoints[i] = point;
    }
    const first = pointTails.length - fresh.length;
    const located = fresh.length === 0 ? undefined : handlers.locate(fresh).then((tails) => {
      tails.forEach((tail, k) => {
        pointTails[first + k] = tail;
        pointDistricts[first + k] = districtOfTail(tail);
      });
    });
    located?.catch(() => {}); // awaited below
    // Formatted and handed on in order, each after the one before (whose points it may share) and
    // its own points' answer; meanwhile the next batches are parsed and their points asked for,
    // so the database always has a COPY or a lookup queued.
    const previous = last;
    last = (async () => {
      await previous;
      await located;
      await handlers.emit(format(rows, rowPoints));
    })();
    last.catch(() => {}); // awaited below or by the next batch
    ahead.push(last);
    while (ahead.length > LOOKAHEAD) await ahead.shift();
  };
  const format = (rows: PoliceIncidentRow[], rowPoints: Int32Array): string => {
    let text = '';
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const point = rowPoints[i]!;
      if (point < 0) {
        text += incidentCopyLine(head, r, undefined);
        continue;
      }
      text += incidentCopyLine(head, r, pointTails[point]);
      const district = pointDistricts[point];
      if (district === null || district === undefined) continue;
      let byCategory = counts.get(district);
      if (!byCategory) counts.set(district, (byCategory = new Map()));
      byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + 1);
    }
    return text;
  };
  let summary: PoliceImportSummary;
  try {
    summary = await readPoliceCsv(source, {
      label: options.label, month: options.month, force: options.force, gzip: options.gzip,
      onRow: (r) => {
        batch.push(r);
      },
      // Only a full batch waits (for the COPY before it): parsing goes on while a COPY runs.
      afterChunk: () => (batch.length >= batchSize ? send() : Promise.resolve()),
      onProgress: handlers.onProgress,
    });
    if (batch.length > 0) await send();
  } finally {
    // A batch still being located or handed on must have finished before the caller, on a fault,
    // rolls the transaction back: its COPY would otherwise go to a connection no longer its own.
    await last.catch(() => {});
  }
  await last;
  return {
    summary,
    counts: [...counts].flatMap(([district, byCategory]) => [...byCategory].map(([category, n]) => ({ district, category, n }))),
  };
}
