import { parseArgs } from 'node:util';
import { type DatabaseHandle, openDatabase } from '../../db/connect';
import { ConfigError, loadConfig } from '../config';
import { loadDemo } from '../demo';
import { type Reporter, consoleReporter } from '../progress';
import { isEmpty } from '../../db/dataset';
import { ACCOUNT_USAGE, runTokenCommand, runUserCommand } from './account-commands';
import { CliError } from './cli-error';
import { IMPORT_USAGE, runImport, terminalConfirm } from './import-command';
import { type ReadPassword, terminalPassword } from './password-input';

export { CliError };

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate              Apply pending database migrations (idempotent).
  demo [--reset]       Load the synthetic demo county into an empty database;
                       --reset replaces whatever is loaded with a fresh demo.
${IMPORT_USAGE}
${ACCOUNT_USAGE}
  help                 Show this message.

The database is DATABASE_URL when set, else the embedded one in DATA_DIR (default ./.data).`;

/** Overrides for tests: an open database (not closed by the CLI), the terminal question, output. */
export interface CliOptions {
  database?: DatabaseHandle;
  reporter?: Reporter;
  confirm?: (question: string) => Promise<boolean>;
  print?: (line: string) => void;
  env?: Record<string, string | undefined>;
  /** Where `user add` and `user set-password` read the password (terminal or stdin by default). */
  readPassword?: ReadPassword;
}

/** Runs `fn` on the test's database, or on the configured one, opened for it and closed after. */
async function withDatabase<T>(options: CliOptions, env: Record<string, string | undefined>, fn: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  if (options.database) return fn(options.database);
  const config = loadConfig(env);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function runCli(argv: string[], options: CliOptions = {}): Promise<void> {
  const [command, ...rest] = argv;
  const reporter = options.reporter ?? consoleReporter();
  switch (command) {
    case 'import': {
      const env = options.env ?? process.env;
      await runImport(rest, {
        reporter,
        confirm: 'database' in options ? options.confirm : (options.confirm ?? terminalConfirm()),
        print: options.print ?? ((line) => console.log(line)),
        env,
        withDatabase: (fn) => withDatabase(options, env, fn),
      });
      return;
    }
    case 'user':
    case 'token': {
      const env = options.env ?? process.env;
      const run = command === 'user' ? runUserCommand : runTokenCommand;
      await run(rest, {
        print: options.print ?? ((line) => console.log(line)),
        readPassword: options.readPassword ?? terminalPassword,
        withDatabase: (fn) => withDatabase(options, env, fn),
      });
      return;
    }
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
