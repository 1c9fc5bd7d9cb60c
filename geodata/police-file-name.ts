/**
 * Reads the month and force out of a data.police.uk street-level archive file name.
 *
 * The archive (https://data.police.uk/data/) unpacks to `YYYY-MM/YYYY-MM-<force>-street.csv`, where
 * `<force>` is the API force id (`lancashire`, `avon-and-somerset`, `btp`, …). We also accept the
 * `.csv.gz` form we store, any leading directories, and `\` separators. When the parent folder is
 * itself a month it must agree with the file's month, otherwise the name is rejected (null). Other
 * archive files (`-outcomes.csv`, `-stop-and-search.csv`) are not street files and give null.
 *
 * @example
 * parsePoliceFileName('2025-12/2025-12-lancashire-street.csv.gz');
 * // → { month: '2025-12', force: 'lancashire' }
 */
export interface PoliceFileName {
  /** 'YYYY-MM', the month every row of the file should carry. */
  month: string;
  /** police.uk force id, e.g. 'lancashire'. */
  force: string;
}

const FILE = /^(\d{4}-(?:0[1-9]|1[0-2]))-([a-z0-9]+(?:-[a-z0-9]+)*)-street\.csv(?:\.gz)?$/;
const MONTH_FOLDER = /^\d{4}-\d{2}$/;

export function parsePoliceFileName(name: string): PoliceFileName | null {
  const parts = name.trim().split(/[\\/]/);
  const match = FILE.exec(parts[parts.length - 1]);
  if (!match) return null;
  const [, month, force] = match;
  const folder = parts.length > 1 ? parts[parts.length - 2] : '';
  if (MONTH_FOLDER.test(folder) && folder !== month) return null;
  return { month, force };
}
