import { parseArgs } from 'node:util';
import { type PopulationOptionField, checkPopulationOptions } from '../../common/population-options';
import { formatPopulationReport, importPopulation } from '../import/population-import';
import { CliError } from './cli-error';
import type { ImportCommandContext } from './import-command';

const flagOf = (field: PopulationOptionField) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

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
  const checked = checkPopulationOptions(
    { codeField: values['code-field'], lsoaNameField: values['lsoa-name-field'], valueField: values['value-field'], year: values.year },
    flagOf,
  );
  if ('problems' in checked) throw new CliError(`import population: ${checked.problems.map((p) => `${flagOf(p.field)}: ${p.detail}`).join('; ')}`);
  await ctx.withDatabase(async (database) => {
    const report = await importPopulation(database.db, positionals[0]!, checked.options);
    for (const line of formatPopulationReport(report)) ctx.print(line);
  });
}
