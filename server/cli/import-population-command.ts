import { parseArgs } from 'node:util';
import { formatPopulationReport, importPopulation } from '../import/population-import';
import { CliError } from './cli-error';
import type { ImportCommandContext } from './import-command';

export async function importPopulationCommand(args: string[], ctx: ImportCommandContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'code-field': { type: 'string' },
      'lsoa-name-field': { type: 'string' },
      'value-field': { type: 'string' },
      year: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliError('import population: give exactly one CSV file');
  if (!values['value-field'] || !values.year) throw new CliError('import population: --value-field and --year are required');
  await ctx.withDatabase(async (database) => {
    const report = await importPopulation(database.db, positionals[0]!, {
      valueField: values['value-field']!, year: Number(values.year), codeField: values['code-field'], lsoaNameField: values['lsoa-name-field'],
    });
    for (const line of formatPopulationReport(report)) ctx.print(line);
  });
}
