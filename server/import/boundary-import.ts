import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { reassignIncidentDistricts, upsertBoundaries } from '../../db/boundary-import';
import { markDataChanged } from '../../db/dataset';
import { vacuumIncidents } from '../../db/incident-maintenance';
import { finishImport, startImport } from '../../db/imports';
import { removeSyntheticDemoIfPresent } from '../../db/demo-store';
import { upsertPoliceForceAreas } from '../../db/police-force-areas';
import { DISTRICT_KINDS, type Database, type DistrictKind } from '../../db/schema';
import { policeUkForceId } from '../../geodata/police-forces';
import { type BoundaryFileOptions, parseBoundaryFile } from './boundary-file';
import { requireDemoConsent } from './demo-consent';
import { ImportError } from './errors';
import { liftStatementTimeout } from '../../db/statement-timeout';

export interface BoundaryImportOptions extends BoundaryFileOptions {
  kind: string;
  replaceDemo?: boolean;
}

export interface BoundaryImportReport {
  file: string;
  format: string;
  crs: string;
  kind: string;
  features: number;
  inserted: number;
  updated: number;
  repaired: Array<{ code: string; reason: string }>;
  incidentsReassigned: number;
  demoRemoved?: { incidents: number; districts: number };
  importId: number;
}

const isDistrictKind = (kind: string): kind is DistrictKind => (DISTRICT_KINDS as readonly string[]).includes(kind);
/** Police force areas: loaded beside the districts, not as districts (db/police-force-areas.ts). */
export const PFA_KIND = 'pfa';
const BOUNDARY_KINDS = [...DISTRICT_KINDS, PFA_KIND];

/** The file's text; a name ending .gz is gunzipped first. */
async function readBoundaryText(path: string): Promise<string> {
  const bytes = await readFile(path).catch(() => {
    throw new ImportError(`${path}: no such file`);
  });
  if (!path.endsWith('.gz')) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch {
    throw new ImportError(`${path}: not a gzip file, though its name ends .gz`);
  }
}

/**
 * Loads district polygons in one transaction (demo removal, upsert, re-assignment of every
 * incident's district, data version bump); the audit row is written whatever happens.
 */
export async function importBoundaries(db: Kysely<Database>, path: string, options: BoundaryImportOptions): Promise<BoundaryImportReport> {
  const kind = options.kind;
  if (!isDistrictKind(kind) && kind !== PFA_KIND) throw new ImportError(`--kind must be one of ${BOUNDARY_KINDS.join(', ')}, got "${kind}"`);
  const text = await readBoundaryText(path);
  await requireDemoConsent(db, options.replaceDemo);
  const importId = await startImport(db, 'boundaries', `${options.label} (${options.kind})`);
  try {
    const parsed = parseBoundaryFile(text, options);
    const report = await db.transaction().execute(async (trx) => {
      await liftStatementTimeout(trx);
      const demoRemoved = await removeSyntheticDemoIfPresent(trx);
      const features = parsed.features.map((f) => ({ code: f.code, name: f.name, geometry: JSON.stringify(f.geometry) }));
      // A police force area holds no incidents: nothing to re-assign.
      const written = isDistrictKind(kind)
        ? await upsertBoundaries(trx, parsed.srid, kind, features)
        : await upsertPoliceForceAreas(trx, parsed.srid, features.map((f) => ({ ...f, forceId: policeUkForceId(f.code) })));
      const incidentsReassigned = isDistrictKind(kind) ? await reassignIncidentDistricts(trx) : 0;
      await markDataChanged(trx, { synthetic: false });
      return {
        file: options.label, format: parsed.format, crs: parsed.crsEvidence, kind: options.kind, features: parsed.features.length,
        ...written, incidentsReassigned, importId, ...(demoRemoved ? { demoRemoved } : {}),
      };
    });
    const counts = { rowsRead: report.features, rowsLoaded: report.features, rowsWithoutLocation: 0, rowsRejected: 0 };
    await finishImport(db, importId, { status: 'succeeded', counts, report });
    // Re-assigning districts rewrote incident rows: mark their pages all-visible again.
    if (report.incidentsReassigned > 0) await vacuumIncidents(db);
    return report;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishImport(db, importId, {
      status: 'failed', counts: { rowsRead: 0, rowsLoaded: 0, rowsWithoutLocation: 0, rowsRejected: 0 }, report: { file: options.label, error: message },
    });
    throw error instanceof ImportError ? error : new ImportError(`${options.label}: ${message}`);
  }
}

export function formatBoundaryReport(r: BoundaryImportReport): string[] {
  const lines = [
    `✓ ${r.file}: ${r.format}, ${r.features} ${r.kind === PFA_KIND ? 'police force areas' : `${r.kind} districts`} (${r.inserted} new, ${r.updated} updated) (import #${r.importId})`,
    `  coordinates read as ${r.crs}`,
    `  ${r.incidentsReassigned.toLocaleString('en-GB')} incidents re-assigned to a different district`,
  ];
  for (const x of r.repaired) lines.push(`  warning: ${x.code} had an invalid polygon (${x.reason}); repaired with ST_MakeValid`);
  if (r.demoRemoved) lines.push(`  removed the synthetic demo: ${r.demoRemoved.incidents} incidents, ${r.demoRemoved.districts} districts`);
  return lines;
}
