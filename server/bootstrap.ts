import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type DatabaseHandle, openDatabase } from '../db/connect';
import { isEmpty } from '../db/dataset';
import type { Config } from './config';
import { loadDemo } from './demo';
import { type Reporter, consoleReporter } from './progress';

/** Opens the configured database (migrating it) and, if it is empty, loads the synthetic demo. */
export async function openAppDatabase(config: Config, reporter: Reporter = consoleReporter()): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    reporter.info(`Connecting to PostgreSQL at ${redactUrl(config.databaseUrl)}…`);
  } else {
    reporter.info(
      existsSync(join(config.dataDir, 'PG_VERSION'))
        ? `Opening the embedded PostGIS database in ${config.dataDir}…`
        : `Creating the embedded PostGIS database in ${config.dataDir} (first start only: allow about a minute)…`,
    );
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, statementTimeoutMs: config.statementTimeoutMs });
  if (config.demoOnEmpty && (await isEmpty(database.db))) {
    reporter.info('The database is empty: loading the synthetic demo county (labelled as synthetic in the app).');
    const progress = reporter.progress('Synthetic demo', 'incidents');
    const result = await loadDemo(database.db, { onProgress: progress.update });
    progress.done();
    reporter.info(`Loaded ${result.incidents.toLocaleString('en-GB')} synthetic incidents in ${result.districts} districts.`);
  }
  return database;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
