import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { formatForceGroupsReport, importForceGroups } from '../import/force-groups-import';
import { CliError } from './cli-error';
import type { ImportCommandContext } from './import-command';

export async function importForceGroupsCommand(args: string[], ctx: ImportCommandContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'code-field': { type: 'string' }, 'similar-field': { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliError('import force-groups: give exactly one CSV file');
  if (!values['code-field'] || !values['similar-field']) {
    throw new CliError('import force-groups: --code-field and --similar-field are required (one row per force and similar force, both PFA codes)');
  }
  const path = positionals[0]!;
  await ctx.withDatabase(async (database) => {
    const report = await importForceGroups(database.db, path, { label: basename(path), codeField: values['code-field']!, similarField: values['similar-field']! });
    for (const line of formatForceGroupsReport(report)) ctx.print(line);
  });
}
