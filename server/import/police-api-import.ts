import type { Kysely } from 'kysely';
import { FORCE_ID_PATTERN, MONTH_PATTERN, monthsInOrder } from '../../common/filter-rules';
import { markDataChanged } from '../../db/dataset';
import { finishImport, startImport } from '../../db/imports';
import { vacuumIncidents } from '../../db/incident-maintenance';
import { type IncidentInput, insertIncidentBatch } from '../../db/incident-writer';
import { clearFetchedMonth, clearRun, fetchedAreas, saveFetchedArea } from '../../db/police-api-progress';
import { type QueryArea, districtQueryAreas, quadrants } from '../../db/police-api-store';
import { removeSyntheticDemoIfPresent } from '../../db/demo-store';
import { deleteDistrictForceMonth, deleteForceMonth, deleteImportOutsideDistrict } from '../../db/police-import';
import type { Database } from '../../db/schema';
import { normalisePoliceApiCrime } from '../../geodata/police-api';
import type { Reporter } from '../progress';
import { requireDemoConsent } from './demo-consent';
import { ImportError } from './errors';
import { AreaTooBig, type PoliceApiClient } from './police-api-client';
import { monthsBetween as calendarMonths } from '../../geodata/months';
import { liftStatementTimeout } from '../../db/statement-timeout';

export interface PoliceApiImportOptions {
  force: string;
  from: string;
  to: string;
  district?: string;
  replaceDemo?: boolean;
  reporter?: Reporter;
  /** Subdivisions allowed below a district (4^depth areas at most). */
  maxDepth?: number;
}

export interface PoliceApiMonthReport {
  force: string;
  month: string;
  district: string | null;
  status: 'succeeded' | 'failed' | 'already loaded';
  importId?: number;
  areas: number;
  areasResumed: number;
  subdivided: number;
  crimes: number;
  rowsLoaded: number;
  rowsWithoutLocation: number;
  rowsRejected: number;
  firstRejected: string[];
  error?: string;
}

export function monthsBetween(from: string, to: string): string[] {
  if (!MONTH_PATTERN.test(from) || !MONTH_PATTERN.test(to)) throw new ImportError('--from and --to must be months as YYYY-MM');
  if (!monthsInOrder(from, to)) throw new ImportError(`--from ${from} is after --to ${to}`);
  return calendarMonths(from, to);
}

/**
 * Fetches street-level crime month by month for each district polygon (or one), subdividing an
 * area into clipped bbox quadrants when the API refuses it (503: over 10,000 crimes). Each area's
 * answer is kept in police_api_progress, so an interrupted run resumes without refetching; each
 * month is then loaded in one transaction replacing that force-month (or, with a district, that
 * district's rows of the force-month). Crimes on a shared edge come back twice: de-duplicated by id.
 */
export async function importPoliceApi(db: Kysely<Database>, client: PoliceApiClient, options: PoliceApiImportOptions): Promise<PoliceApiMonthReport[]> {
  if (!FORCE_ID_PATTERN.test(options.force)) throw new ImportError(`--force must be a police.uk force id such as lancashire, got "${options.force}"`);
  const months = monthsBetween(options.from, options.to);
  await requireDemoConsent(db, options.replaceDemo);
  const areas = await districtQueryAreas(db, options.district);
  if (areas.length === 0) {
    throw new ImportError(options.district ? `No district ${options.district} is loaded` : 'No districts are loaded: run `import boundaries` first (the API is queried by district polygon)');
  }
  const runKey = `${options.force}|${options.district ?? '*'}|${options.from}|${options.to}`;
  const reports: PoliceApiMonthReport[] = [];
  try {
    for (const month of months) {
      const report = await importMonth(db, client, options, runKey, month, areas);
      reports.push(report);
      if (report.status === 'failed') throw Object.assign(new ImportError(report.error!), { reports });
    }
  } finally {
    if (reports.some((r) => r.status === 'succeeded')) await vacuumIncidents(db);
  }
  await clearRun(db, runKey);
  return reports;
}

async function importMonth(
  db: Kysely<Database>, client: PoliceApiClient, options: PoliceApiImportOptions, runKey: string, month: string, areas: QueryArea[],
): Promise<PoliceApiMonthReport> {
  const report: PoliceApiMonthReport = {
    force: options.force, month, district: options.district ?? null, status: 'failed', areas: 0, areasResumed: 0, subdivided: 0,
    crimes: 0, rowsLoaded: 0, rowsWithoutLocation: 0, rowsRejected: 0, firstRejected: [],
  };
  const cached = await fetchedAreas(db, runKey, month);
  if (cached.has('*')) return { ...report, status: 'already loaded' };
  const importId = await startImport(db, 'police-api', `police.uk API ${options.force} ${month}${options.district ? ` district ${options.district}` : ''}`);
  report.importId = importId;
  const progress = options.reporter?.progress(`police.uk API ${options.force} ${month}`, 'areas');
  try {
    const crimes = new Map<string, unknown>();
    const queue = [...areas];
    const maxDepth = options.maxDepth ?? 8;
    while (queue.length > 0) {
      const area = queue.shift()!;
      const depth = area.key.split('.').length - 1;
      let answer = cached.get(area.key);
      const childCached = [...cached.keys()].some((k) => k.startsWith(`${area.key}.`));
      if (answer === undefined && !childCached) {
        try {
          answer = await client.crimesStreet(area.ring, month);
          await saveFetchedArea(db, runKey, month, area.key, answer);
        } catch (error) {
          if (!(error instanceof AreaTooBig)) throw error;
        }
      } else if (answer !== undefined) {
        report.areasResumed++;
      }
      if (answer === undefined) {
        if (depth >= maxDepth) throw new ImportError(`police.uk API: area ${area.key} still holds over 10,000 crimes after ${maxDepth} subdivisions`);
        report.subdivided++;
        queue.push(...(await quadrants(db, area)));
        continue;
      }
      report.areas++;
      for (const crime of answer) {
        const id = String((crime as { id?: unknown }).id ?? JSON.stringify(crime));
        crimes.set(id, crime);
      }
      progress?.update(report.areas);
    }
    report.crimes = crimes.size;
    const rows = incidentRows(crimes.values(), options.force, month, report);
    await db.transaction().execute(async (trx) => {
      await liftStatementTimeout(trx);
      await removeSyntheticDemoIfPresent(trx);
      if (options.district) {
        await deleteDistrictForceMonth(trx, options.force, month, options.district);
      } else {
        await deleteForceMonth(trx, options.force, month);
      }
      for (let i = 0; i < rows.length; i += 5000) {
        report.rowsLoaded += await insertIncidentBatch(trx, { source: 'police-api', importId, srid: 4326, rows: rows.slice(i, i + 5000) });
      }
      if (options.district) {
        // Only the district asked for: points of the simplified polygon that fall in a neighbour go.
        report.rowsLoaded -= await deleteImportOutsideDistrict(trx, importId, options.district);
      }
      await markDataChanged(trx, { synthetic: false });
      // The month's "loaded" mark commits with its rows: a restart after the commit skips the
      // month, one before it finds the month untouched and its fetched areas still kept.
      await clearFetchedMonth(trx, runKey, month);
      await saveFetchedArea(trx, runKey, month, '*', []);
    });
    report.status = 'succeeded';
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
    report.rowsLoaded = 0;
  } finally {
    progress?.done();
  }
  await finishImport(db, importId, {
    status: report.status === 'succeeded' ? 'succeeded' : 'failed',
    counts: { rowsRead: report.crimes, rowsLoaded: report.rowsLoaded, rowsWithoutLocation: report.rowsWithoutLocation, rowsRejected: report.rowsRejected },
    report,
  });
  return report;
}

/** The API's crimes as incident rows of `month`, counting rejected and unlocated ones in the report. */
function incidentRows(crimes: Iterable<unknown>, force: string, month: string, report: PoliceApiMonthReport): IncidentInput[] {
  const rows: IncidentInput[] = [];
  for (const crime of crimes) {
    const r = normalisePoliceApiCrime(crime);
    if ('rejected' in r || r.month !== month) {
      report.rowsRejected++;
      if (report.firstRejected.length < 20) report.firstRejected.push('rejected' in r ? r.rejected : `month ${r.month} is not ${month}`);
      continue;
    }
    if (r.longitude === null) report.rowsWithoutLocation++;
    rows.push({
      crimeId: r.crimeId, month, category: r.category, force, location: r.location,
      lsoaCode: null, lsoaName: null, outcome: r.outcome, x: r.longitude, y: r.latitude,
    });
  }
  return rows;
}

export function formatPoliceApiReport(r: PoliceApiMonthReport): string[] {
  if (r.status === 'already loaded') return [`= ${r.force} ${r.month}: already loaded by this run (resumed)`];
  if (r.status === 'failed') return [`✗ ${r.force} ${r.month}: FAILED, nothing changed for that month (import #${r.importId})`, `  ${r.error}`];
  return [
    `✓ ${r.force} ${r.month}${r.district ? ` district ${r.district}` : ''}: ${r.areas} areas (${r.subdivided} subdivided, ${r.areasResumed} from an earlier interrupted run) (import #${r.importId})`,
    `  crimes ${r.crimes}, loaded ${r.rowsLoaded} (of which ${r.rowsWithoutLocation} without location), rejected ${r.rowsRejected}`,
    ...r.firstRejected.slice(0, 5).map((x) => `    ${x}`),
  ];
}
