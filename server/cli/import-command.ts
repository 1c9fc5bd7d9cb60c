import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { DatabaseHandle } from '../../db/connect';
import { requireDemoConsent } from '../import/demo-consent';
import { DemoPresentError, ImportError } from '../import/errors';
import { formatPoliceReport, importPoliceFiles } from '../import/police-import';
import { resolvePoliceInputs } from '../import/police-sources';
import type { Reporter } from '../progress';
import { CliError } from './cli-error';

export const IMPORT_USAGE = `  import police-csv <file|folder|.zip|.csv.gz>… [--strict] [--replace-demo]
                       Load data.police.uk street-level CSVs; each (force, month) file replaces
                       that force-month. --strict refuses a file with any rejected row.
  import boundaries <file.geojson|.topojson[.gz]> --code-field F --name-field F [--kind lad|csp|ward|lsoa|pfa] [--replace-demo]
                       Load or update district polygons (EPSG:4326 or 27700, detected) and
                       re-assign every incident to its district; --kind pfa loads police force
                       areas instead, beside the districts (for /api/forces/compare).
  import population <file.csv> --value-field F --year N (--code-field F | --lsoa-name-field F)
                       Set district populations: by district code, or summed over LSOAs whose
                       name ("Burnley 001A") starts with the district's name.
  import police-api --force ID --from YYYY-MM --to YYYY-MM [--district CODE] [--replace-demo]
                       Fetch street-level crime from the police.uk API by district polygon.
  import force-groups <file.csv> --code-field F --similar-field F
                       Set police forces' Home Office most similar groups: one row per force and
                       similar force, both PFA codes; each force named replaces its group.`;

export interface ImportCommandContext {
  withDatabase: <T>(fn: (database: DatabaseHandle) => Promise<T>) => Promise<T>;
  reporter: Reporter;
  /** Asks a yes/no question on a terminal; undefined when not interactive. */
  confirm?: (question: string) => Promise<boolean>;
  /** Report lines go here (stdout by default). */
  print: (line: string) => void;
  env?: Record<string, string | undefined>;
}

/** A yes/no question on the terminal, or undefined when stdin/stdout are not a TTY. */
export function terminalConfirm(): ((question: string) => Promise<boolean>) | undefined {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
    } finally {
      rl.close();
    }
  };
}

/** How the CLI says DemoPresentError: the flag that gives permission. */
const DEMO_PRESENT_CLI_MESSAGE =
  'The database holds the synthetic demo county, and loading real data removes it. ' +
  'Run again with --replace-demo to confirm (on an interactive terminal you are asked instead). Nothing was changed.';

/** Whether the synthetic demo may be removed: the flag, else a question on a terminal, else DemoPresentError. */
export async function demoPermission(database: DatabaseHandle, flag: boolean, ctx: ImportCommandContext): Promise<boolean> {
  try {
    await requireDemoConsent(database.db, flag);
    return true;
  } catch (error) {
    if (!(error instanceof DemoPresentError) || !ctx.confirm) throw error;
  }
  if (await ctx.confirm('The database holds the synthetic demo county. Loading real data removes it. Continue?')) return true;
  throw new CliError('Cancelled: the synthetic demo was kept and nothing was loaded.');
}

export async function runImport(args: string[], ctx: ImportCommandContext): Promise<void> {
  const [kind, ...rest] = args;
  try {
    switch (kind) {
      case 'police-csv':
        return await importPoliceCsv(rest, ctx);
      case 'boundaries':
        return await (await import('./import-boundaries-command')).importBoundariesCommand(rest, ctx);
      case 'population':
        return await (await import('./import-population-command')).importPopulationCommand(rest, ctx);
      case 'police-api':
        return await (await import('./import-police-api-command')).importPoliceApiCommand(rest, ctx);
      case 'force-groups':
        return await (await import('./import-force-groups-command')).importForceGroupsCommand(rest, ctx);
      default:
        throw new CliError(`Unknown import "${kind ?? ''}". Usage:\n${IMPORT_USAGE}`);
    }
  } catch (error) {
    if (error instanceof DemoPresentError) throw new CliError(DEMO_PRESENT_CLI_MESSAGE);
    if (error instanceof ImportError) throw new CliError(error.message);
    throw error;
  }
}

async function importPoliceCsv(args: string[], ctx: ImportCommandContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { strict: { type: 'boolean', default: false }, 'replace-demo': { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new CliError('import police-csv: give at least one file, folder or .zip');
  const inputs = await resolvePoliceInputs(positionals);
  try {
    await ctx.withDatabase(async (database) => {
      const replaceDemo = await demoPermission(database, values['replace-demo'], ctx);
      ctx.reporter.info(`Importing ${inputs.files.length} street-level file${inputs.files.length > 1 ? 's' : ''}` +
        (inputs.skipped.length ? ` (skipping ${inputs.skipped.length} other files)` : ''));
      const reports = await importPoliceFiles(database, inputs.files, { strict: values.strict, replaceDemo, reporter: ctx.reporter });
      for (const report of reports) for (const line of formatPoliceReport(report)) ctx.print(line);
      const failed = reports.filter((r) => r.status === 'failed');
      const loaded = reports.reduce((sum, r) => sum + r.rowsLoaded, 0);
      ctx.print(`${reports.length - failed.length} of ${reports.length} files loaded, ${loaded.toLocaleString('en-GB')} rows.`);
      if (failed.length > 0) {
        throw new CliError(
          failed.length === 1 && reports.length === 1
            ? failed[0]!.error!
            : `${failed.length} of ${reports.length} files failed and were not loaded: ${failed.map((f) => f.file).join(', ')}`,
        );
      }
    });
  } finally {
    await inputs.close();
  }
}
