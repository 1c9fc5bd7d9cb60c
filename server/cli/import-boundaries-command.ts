import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { formatBoundaryReport, importBoundaries } from '../import/boundary-import';
import { CliError } from './cli-error';
import { type ImportCommandContext, demoPermission } from './import-command';

export async function importBoundariesCommand(args: string[], ctx: ImportCommandContext): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'code-field': { type: 'string' },
      'name-field': { type: 'string' },
      kind: { type: 'string', default: 'lad' },
      layer: { type: 'string' },
      'replace-demo': { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliError('import boundaries: give exactly one GeoJSON or TopoJSON file');
  if (!values['code-field'] || !values['name-field']) {
    throw new CliError('import boundaries: --code-field and --name-field are required (e.g. --code-field AREACD --name-field AREANM)');
  }
  const path = positionals[0]!;
  await ctx.withDatabase(async (database) => {
    const replaceDemo = await demoPermission(database, values['replace-demo'], ctx);
    const report = await importBoundaries(database.db, path, {
      label: basename(path), codeField: values['code-field']!, nameField: values['name-field']!,
      kind: values.kind, layer: values.layer, replaceDemo,
    });
    for (const line of formatBoundaryReport(report)) ctx.print(line);
  });
}
