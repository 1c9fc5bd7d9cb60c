import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './2026-11-26-foundation';
import * as patrolZones from './2026-11-26-patrol-zones';
import * as policeApiProgress from './2026-11-26-police-api-progress';
import * as scanCoveringIndex from './2026-11-26-scan-covering-index';
import * as unusedWgs84Index from './2026-11-26-unused-wgs84-index';
import * as accounts from './2026-12-02T0500-accounts';

// Listed statically (not read from the folder) so migrations bundle and run the same under
// tsx, vitest and a compiled build. Names sort by date; append new ones at the end.
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-26-foundation': foundation,
  '2026-11-26-police-api-progress': policeApiProgress,
  '2026-11-26-patrol-zones': patrolZones,
  '2026-11-26-scan-covering-index': scanCoveringIndex,
  '2026-11-26-unused-wgs84-index': unusedWgs84Index,
  '2026-12-02T0500-accounts': accounts,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
