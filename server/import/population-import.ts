import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type Readable, pipeline } from 'node:stream';
import type { Kysely } from 'kysely';
import { markDataChanged } from '../../db/dataset';
import { finishImport, startImport } from '../../db/imports';
import { districtCodesAndNames, setDistrictPopulations } from '../../db/population';
import type { Database } from '../../db/schema';
import { CsvFormatError, streamCsvRecords } from './csv-record-stream';
import type { PopulationOptions } from '../../common/population-options';
import { ImportError } from './errors';
import { Utf8Text } from './utf8-text';
import { liftStatementTimeout } from '../../db/statement-timeout';

/**
 * Checked options (common/population-options.ts: exactly one of codeField, the district code
 * column, and lsoaNameField, an LSOA name column whose "Burnley 001A" rows are summed into the
 * district whose name is the prefix), plus how the file is named.
 */
/**
 * Most people one row or one district may hold: above the UK's population (about 69 million), and
 * below the integer column's 2^31 - 1, so a 17-digit value is a clear error, not a database failure.
 */
export const MAX_PEOPLE = 100_000_000;

export interface PopulationImportOptions extends PopulationOptions {
  /** How the file is named in messages and the report (an upload's own name, not its temporary path). */
  label?: string;
}

export interface PopulationImportReport {
  file: string;
  method: string;
  year: number;
  rowsRead: number;
  rowsMatched: number;
  /** Rows whose code or LSOA-name prefix is no loaded district, per key. */
  unmatched: Record<string, number>;
  districts: Array<{ code: string; name: string; population: number }>;
  /** Loaded districts the file gave no population for (kept as they were). */
  districtsMissing: string[];
  importId: number;
}

/** An LSOA name is its 2021 local authority's name, a space, three digits and a letter. */
const LSOA_NAME = /^(.*\S)\s+\d{3}[A-Z]$/;

/**
 * Sets district populations from an ONS CSV, streamed. By code: each row's code column names the
 * district. By LSOA name: each row is summed into the district whose name equals the LSOA name's
 * prefix (so output-area rows aggregate to districts), case-insensitively. One transaction.
 * One function on purpose (~85 lines): the streaming callback, the header it learns and the totals
 * it builds share state, and the import's audit row must be finished on every path out of it.
 */
export async function importPopulation(db: Kysely<Database>, path: string, options: PopulationImportOptions): Promise<PopulationImportReport> {
  const keyField = (options.codeField ?? options.lsoaNameField)!;
  const label = options.label ?? path;
  await stat(path).catch(() => {
    throw new ImportError(`${label}: no such file`);
  });
  const districts = await districtCodesAndNames(db);
  if (districts.length === 0) throw new ImportError('No districts are loaded: run `import boundaries` first');
  const byKey = new Map<string, { code: string; name: string }>(
    districts.map((d) => [options.codeField ? d.code : d.name.toLowerCase(), d]),
  );
  const method = options.codeField
    ? `by district code in column "${options.codeField}"`
    : `by LSOA name in column "${options.lsoaNameField}": each row is summed into the district whose name is the LSOA name without its " 001A" suffix`;

  const importId = await startImport(db, 'population', `${label} (${options.year})`);
  try {
    const totals = new Map<string, number>();
    const unmatched: Record<string, number> = {};
    let rowsRead = 0;
    let rowsMatched = 0;
    const text = (pipeline as (...s: unknown[]) => Readable)(createReadStream(path), new Utf8Text(label), () => {});
    let header: { columns: string[]; key: number; value: number } | undefined;
    const onRecord = (fields: string[], line: number) => {
      if (!header) {
        const [key, value] = [keyField, options.valueField].map((field) => {
          const index = fields.indexOf(field);
          if (index < 0) throw new ImportError(`${label}: no column "${field}"; its columns: ${fields.join(', ')}`);
          return index;
        }) as [number, number];
        header = { columns: fields, key, value };
        return;
      }
      if (fields.length !== header.columns.length) {
        throw new ImportError(`${label}: malformed CSV: line ${line} has ${fields.length} fields, the header has ${header.columns.length}`);
      }
      rowsRead++;
      const rawValue = fields[header.value]!.trim();
      if (!/^\d+$/.test(rawValue)) {
        throw new ImportError(`${label}: line ${line}, ${options.valueField}: "${rawValue}" is not a whole number of people`);
      }
      if (Number(rawValue) > MAX_PEOPLE) {
        throw new ImportError(`${label}: line ${line}, ${options.valueField}: ${rawValue} is more than the ${MAX_PEOPLE} people any district can hold`);
      }
      const rawKey = fields[header.key]!.trim();
      const key = options.codeField ? rawKey : (LSOA_NAME.exec(rawKey)?.[1] ?? rawKey).toLowerCase();
      const district = byKey.get(key);
      if (!district) {
        const shown = options.codeField ? rawKey : (LSOA_NAME.exec(rawKey)?.[1] ?? rawKey);
        unmatched[shown] = (unmatched[shown] ?? 0) + 1;
        return;
      }
      rowsMatched++;
      const total = (totals.get(district.code) ?? 0) + Number(rawValue);
      if (total > MAX_PEOPLE) throw new ImportError(`${label}: line ${line}: the rows for ${district.code} add up to more than ${MAX_PEOPLE} people`);
      totals.set(district.code, total);
    };
    try {
      await streamCsvRecords(text, { onRecord });
    } catch (error) {
      if (error instanceof CsvFormatError) throw new ImportError(`${label}: malformed CSV: ${error.message}`);
      throw error;
    }
    if (rowsRead === 0) throw new ImportError(`${label}: the file has no rows`);
    if (totals.size === 0) {
      const sample = Object.keys(unmatched).slice(0, 5).join(', ');
      throw new ImportError(`${label}: no row matched a loaded district (${method}); values seen: ${sample}`);
    }
    const populations = [...totals].map(([code, population]) => ({ code, population }));
    await db.transaction().execute(async (trx) => {
      await liftStatementTimeout(trx);
      await setDistrictPopulations(trx, options.year, populations);
      await markDataChanged(trx, {});
    });
    const report: PopulationImportReport = {
      file: label, method, year: options.year, rowsRead, rowsMatched, unmatched,
      districts: districts.filter((d) => totals.has(d.code)).map((d) => ({ ...d, population: totals.get(d.code)! })),
      districtsMissing: districts.filter((d) => !totals.has(d.code)).map((d) => d.code),
      importId,
    };
    await finishImport(db, importId, {
      status: 'succeeded', counts: { rowsRead, rowsLoaded: rowsMatched, rowsWithoutLocation: 0, rowsRejected: rowsRead - rowsMatched }, report,
    });
    return report;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishImport(db, importId, { status: 'failed', counts: { rowsRead: 0, rowsLoaded: 0, rowsWithoutLocation: 0, rowsRejected: 0 }, report: { file: label, error: message } });
    throw error;
  }
}

export function formatPopulationReport(r: PopulationImportReport): string[] {
  const n = (v: number) => v.toLocaleString('en-GB');
  const lines = [
    `✓ ${r.file}: population ${r.year} for ${r.districts.length} districts (import #${r.importId})`,
    `  matched ${r.method}`,
    `  rows read ${n(r.rowsRead)}, summed ${n(r.rowsMatched)}`,
  ];
  for (const d of r.districts) lines.push(`    ${d.code} ${d.name}: ${n(d.population)}`);
  const unmatched = Object.entries(r.unmatched);
  if (unmatched.length) lines.push(`  ${n(unmatched.reduce((s, [, c]) => s + c, 0))} rows matched no district: ${unmatched.slice(0, 10).map(([k, c]) => `${k} (${c})`).join(', ')}`);
  if (r.districtsMissing.length) lines.push(`  no population in the file for: ${r.districtsMissing.join(', ')} (left as they were)`);
  return lines;
}
