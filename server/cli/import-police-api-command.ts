import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { PoliceApiClient } from '../import/police-api-client';
import { type PoliceApiMonthReport, formatPoliceApiReport, importPoliceApi } from '../import/police-api-import';
import { CliError } from './cli-error';
import { type ImportCommandContext, demoPermission } from './import-command';

export async function importPoliceApiCommand(args: string[], ctx: ImportCommandContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      force: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      district: { type: 'string' },
      'replace-demo': { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new CliError(`import police-api takes no file arguments (got ${positionals.join(' ')})`);
  if (!values.force || !values.from || !values.to) throw new CliError('import police-api: --force, --from and --to are required, e.g. --force lancashire --from 2025-01 --to 2025-03');
  const config = loadConfig(ctx.env ?? process.env);
  const client = new PoliceApiClient({ baseUrl: config.policeApiUrl, backoffMs: Number(ctx.env?.POLICE_API_BACKOFF_MS ?? 500) });
  await ctx.withDatabase(async (database) => {
    const replaceDemo = await demoPermission(database, values['replace-demo'], ctx);
    let reports: PoliceApiMonthReport[] = [];
    try {
      reports = await importPoliceApi(database.db, client, {
        force: values.force!, from: values.from!, to: values.to!, district: values.district, replaceDemo, reporter: ctx.reporter,
      });
    } catch (error) {
      reports = (error as { reports?: PoliceApiMonthReport[] }).reports ?? [];
      for (const r of reports) for (const line of formatPoliceApiReport(r)) ctx.print(line);
      throw error;
    }
    for (const r of reports) for (const line of formatPoliceApiReport(r)) ctx.print(line);
    ctx.print(`${client.requests} API requests (${client.retries} retried) to ${config.policeApiUrl}`);
  });
}
