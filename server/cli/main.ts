import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/connect';
import { ConfigError, loadConfig } from '../config';
import { loadDemo } from '../demo';
import { consoleReporter } from '../progress';
import { isEmpty } from '../../db/dataset';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate              Apply pending database migrations (idempotent).
  demo [--reset]       Load the synthetic demo county into an empty database;
                       --reset replaces whatever is loaded with a fresh demo.
  help                 Show this message.

The database is DATABASE_URL when set, else the embedded one in DATA_DIR (default ./.data).`;

export class CliError extends Error {}

export async function runCli(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const reporter = consoleReporter();
  switch (command) {
    case 'migrate': {
      parseArgs({ args: rest, options: {}, allowPositionals: false });
      const config = loadConfig();
      const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, migrate: false });
      try {
        const { migrateToLatest } = await import('../../db/migrate');
        const { applied } = await migrateToLatest(database.db, database.schema);
        reporter.info(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database is up to date: no migrations to apply.');
      } finally {
        await database.close();
      }
      return;
    }
    case 'demo': {
      const { values } = parseArgs({ args: rest, options: { reset: { type: 'boolean', default: false } }, allowPositionals: false });
      const config = loadConfig();
      const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
      try {
        if (!values.reset && !(await isEmpty(database.db))) {
          throw new CliError('The database already holds data. Use `npm run cli -- demo --reset` to replace it with the synthetic demo.');
        }
        const progress = reporter.progress('Synthetic demo', 'incidents');
        const result = await loadDemo(database.db, { onProgress: progress.update });
        progress.done();
        reporter.info(`Loaded the synthetic demo: ${result.incidents.toLocaleString('en-GB')} incidents in ${result.districts} districts.`);
      } finally {
        await database.close();
      }
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      throw new CliError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).catch((error: unknown) => {
    const known = error instanceof CliError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`Error: ${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
}
