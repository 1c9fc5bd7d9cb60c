import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './2026-11-26-foundation';
import * as patrolZones from './2026-11-26-patrol-zones';
import * as policeApiProgress from './2026-11-26-police-api-progress';
import * as scanCoveringIndex from './2026-11-26-scan-covering-index';
import * as unusedWgs84Index from './2026-11-26-unused-wgs84-index';
import * as accounts from './2026-12-02T0500-accounts';
import * as plans from './2026-12-02T0530-plans';
import * as policeForceAreas from './2026-12-02T0740-police-force-areas';
import * as incidentCounts from './2026-12-02T1400-incident-counts';
import * as districtCoveringIndex from './2026-12-02T1410-district-covering-index';
import * as snapPositionIndex from './2026-12-02T1410-snap-position-index';

// Listed statically (not read from the folder) so migrations bundle and run the same under
// tsx, vitest and a compiled build.
//
// Kysely runs migrations in the order of their names sorted as strings (Array.prototype.sort),
// not in the order listed here, and refuses to start when a new name sorts before one already
// applied. The five names below share the day `2026-11-26-`, so they ran in the alphabetical
// order of the rest of the name; databases know them by these names, so they stay.
//
// A new migration is named with a full sortable UTC timestamp and a dash, e.g.
// `2026-12-02T0500-add-accounts` (file `2026-12-02T0500-add-accounts.ts`): every such name sorts
// after the five older ones ('T' > '-', and later days sort later). Append it at the end, keeping
// this list in sorted order: order.test.ts checks that the list, the sorted names and so the
// order Kysely runs them in are one and the same.
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-26-foundation': foundation,
  '2026-11-26-patrol-zones': patrolZones,
  '2026-11-26-police-api-progress': policeApiProgress,
  '2026-11-26-scan-covering-index': scanCoveringIndex,
  '2026-11-26-unused-wgs84-index': unusedWgs84Index,
  '2026-12-02T0500-accounts': accounts,
  '2026-12-02T0530-plans': plans,
  '2026-12-02T0740-police-force-areas': policeForceAreas,
  '2026-12-02T1400-incident-counts': incidentCounts,
  '2026-12-02T1410-district-covering-index': districtCoveringIndex,
  '2026-12-02T1410-snap-position-index': snapPositionIndex,
};

/** The names of the migrations applied before full timestamps were used: known to existing databases. */
export const LEGACY_MIGRATION_NAMES: readonly string[] = [
  '2026-11-26-foundation',
  '2026-11-26-patrol-zones',
  '2026-11-26-police-api-progress',
  '2026-11-26-scan-covering-index',
  '2026-11-26-unused-wgs84-index',
];

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
