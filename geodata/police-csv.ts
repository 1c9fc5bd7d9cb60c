/**
 * Row-by-row validation of data.police.uk street-level CSV files (`YYYY-MM-<force>-street.csv`).
 *
 * Pure: the importer reads and splits the file (server/import/csv-record-stream.ts, on
 * PapaParse), checks the header once with `checkPoliceHeader`, then feeds every record to one
 * `PoliceRowNormaliser` per file and stores the rows it returns. Nothing here does I/O.
 *
 * Published schema (12 columns, https://data.police.uk/about/#columns):
 * `Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,
 * Crime type,Last outcome category,Context`. Coordinates are WGS84 degrees (EPSG:4326) of the
 * anonymised "On or near …" snap point, not the crime's exact location.
 *
 * @example
 * const header = checkPoliceHeader(firstRecord);
 * if (!header.ok) throw new Error(header.message);
 * const n = new PoliceRowNormaliser({ ...header, expectedMonth: '2025-12', force: 'lancashire' });
 * for (const [i, fields] of records.entries()) {
 *   const r = n.normalise(fields, i + 2);
 *   if (r.kind === 'row') rows.push(r.row);
 * }
 * n.summary(); // { read, rows, withoutLocation, rejected, byReason, firstRejected }
 */
import { slugForCrimeType, type CategorySlug } from './categories';
import { DigestTable, digestStrings } from './digest-table';

/** Our field name → the published column title. */
export const POLICE_CSV_COLUMNS = {
  crimeId: 'Crime ID',
  month: 'Month',
  reportedBy: 'Reported by',
  fallsWithin: 'Falls within',
  longitude: 'Longitude',
  latitude: 'Latitude',
  location: 'Location',
  lsoaCode: 'LSOA code',
  lsoaName: 'LSOA name',
  crimeType: 'Crime type',
  lastOutcome: 'Last outcome category',
  context: 'Context',
} as const;

export type PoliceColumnKey = keyof typeof POLICE_CSV_COLUMNS;

/** Zero-based field index per column; `context` is -1 when the file has no Context column. */
export type PoliceColumns = Record<PoliceColumnKey, number>;

export interface PoliceIncidentRow {
  /** 64-hex police.uk id; null for ASB (never has one) and a few BTP/API rows. */
  crimeId: string | null;
  /** 'YYYY-MM'. */
  month: string;
  reportedBy: string;
  fallsWithin: string;
  /** WGS84 degrees; both null for a "No Location" row. */
  longitude: number | null;
  latitude: number | null;
  /** "On or near …"; null when empty or the placeholder "No Location". */
  location: string | null;
  lsoaCode: string | null;
  lsoaName: string | null;
  category: CategorySlug;
  outcome: string | null;
  context: string | null;
}

export const REJECT_REASONS = [
  'field-count',
  'month-unparseable',
  'month-mismatch',
  'unknown-crime-type',
  'coordinate-not-a-number',
  'coordinate-missing',
  'coordinate-out-of-range',
  'coordinates-swapped',
  'duplicate-row',
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];

export const REJECT_REASON_TEXT: Record<RejectReason, string> = {
  'field-count': 'the row has a different number of fields from the header',
  'month-unparseable': 'Month is not YYYY-MM',
  'month-mismatch': "Month differs from the month in the file's name",
  'unknown-crime-type': 'Crime type is not one of the 14 police.uk categories',
  'coordinate-not-a-number': 'Longitude or Latitude is not a decimal number',
  'coordinate-missing': 'only one of Longitude and Latitude is given',
  'coordinate-out-of-range': 'the point is outside the UK envelope',
  'coordinates-swapped': 'Longitude and Latitude are exchanged',
  'duplicate-row': 'the row repeats an earlier row of the same file exactly',
};

/**
 * Where a police.uk point may fall, WGS84 degrees. It is a box round the UK including Northern
 * Ireland, the Isle of Man, Scilly (49.9°N), St Kilda (8.6°W), Lowestoft Ness (1.76°E) and
 * Shetland (Out Stack 60.86°N), with ~0.1° to spare. The Channel Islands (≤49.73°N) are outside:
 * their police do not publish to police.uk. The 18 sample files span −6.89..1.41, 50.47..55.79.
 */
export const UK_ENVELOPE = { minLongitude: -8.7, maxLongitude: 1.8, minLatitude: 49.8, maxLatitude: 60.95 } as const;

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export type CoordinateCheck =
  | { ok: true; longitude: number | null; latitude: number | null }
  | { ok: false; column: 'Longitude' | 'Latitude'; reason: RejectReason; message: string };

const notANumber = (column: 'Longitude' | 'Latitude', text: string): CoordinateCheck =>
  ({ ok: false, column, reason: 'coordinate-not-a-number', message: `${column} "${text}" is not a decimal number` });

const lonInRange = (v: number) => v >= UK_ENVELOPE.minLongitude && v <= UK_ENVELOPE.maxLongitude;
const latInRange = (v: number) => v >= UK_ENVELOPE.minLatitude && v <= UK_ENVELOPE.maxLatitude;

/**
 * Validates a longitude/latitude pair given as text ('' or null = empty). Both empty is a valid
 * "no location" pair. Only plain decimals are numbers: 'NaN', 'Infinity', '1e3' and '0x1' are not.
 * A pair outside the envelope that would be inside with the values exchanged is "swapped".
 */
export function checkCoordinates(longitudeText: string | null, latitudeText: string | null): CoordinateCheck {
  const lonText = longitudeText ?? '';
  const latText = latitudeText ?? '';
  if (lonText === '' && latText === '') return { ok: true, longitude: null, latitude: null };
  if (lonText !== '' && !DECIMAL.test(lonText)) return notANumber('Longitude', lonText);
  if (latText !== '' && !DECIMAL.test(latText)) return notANumber('Latitude', latText);
  if (lonText === '' || latText === '') {
    const [column, other, value] = lonText === '' ? ['Longitude', 'Latitude', latText] as const : ['Latitude', 'Longitude', lonText] as const;
    return {
      ok: false, column, reason: 'coordinate-missing',
      message: `${column} is empty but ${other} is ${value}: give both or neither`,
    };
  }
  const longitude = Number(lonText);
  const latitude = Number(latText);
  if (lonInRange(longitude) && latInRange(latitude)) return { ok: true, longitude, latitude };
  if (lonInRange(latitude) && latInRange(longitude)) {
    return {
      ok: false, column: 'Longitude', reason: 'coordinates-swapped',
      message: `Longitude ${lonText} and Latitude ${latText} look exchanged: only the swapped pair is inside the UK`,
    };
  }
  const { minLongitude, maxLongitude, minLatitude, maxLatitude } = UK_ENVELOPE;
  return lonInRange(longitude)
    ? { ok: false, column: 'Latitude', reason: 'coordinate-out-of-range', message: `Latitude ${latText} is outside the UK (${minLatitude}..${maxLatitude})` }
    : { ok: false, column: 'Longitude', reason: 'coordinate-out-of-range', message: `Longitude ${lonText} is outside the UK (${minLongitude}..${maxLongitude})` };
}

/** Collapses whitespace runs (incl. a stray BOM, NBSP, a CRLF's '\r') to one space and trims; '' → null. */
export function cleanField(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (!needsCleaning(value)) return value;
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/**
 * Whitespace at either end, two spaces in a row, or any whitespace but a plain space: the rare field
 * that needs cleaning. A scan of code units, as `/^\s|\s$|\s\s|[^\S ]/` would say (that regular
 * expression took 0.55 s of a 1,000,000-row parse, run on every field): printable ASCII is never
 * whitespace, and anything else is tested against `\s` itself.
 */
function needsCleaning(value: string): boolean {
  const last = value.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = value.charCodeAt(i);
    if (c > 32 && c < 127) continue;
    if (c === 32) {
      if (i === 0 || i === last || value.charCodeAt(i + 1) === 32) return true;
    } else if (WHITESPACE.test(value[i]!)) {
      return true;
    }
  }
  return false;
}

const WHITESPACE = /\s/;

export type PoliceHeaderCheck =
  | { ok: true; columns: PoliceColumns; fieldCount: number }
  | { ok: false; message: string; missing: string[] };

/**
 * Finds the 12 published columns in a header record, in any order, ignoring case, surrounding
 * whitespace and a UTF-8 BOM. Extra columns are ignored. Context is optional (it is empty in every
 * sample row, and some archive years lack it): when absent, `columns.context` is -1 and rows get
 * `context: null`. Every other column is required.
 */
export function checkPoliceHeader(header: string[]): PoliceHeaderCheck {
  const found = new Map<string, number>();
  for (const [index, title] of header.entries()) {
    const key = (cleanField(title) ?? '').toLowerCase();
    if (key === '') continue;
    const first = found.get(key);
    if (first !== undefined) {
      return { ok: false, message: `Column "${cleanField(title)}" appears twice (fields ${first + 1} and ${index + 1})`, missing: [] };
    }
    found.set(key, index);
  }
  const columns = {} as PoliceColumns;
  const missing: string[] = [];
  for (const [key, title] of Object.entries(POLICE_CSV_COLUMNS) as Array<[PoliceColumnKey, string]>) {
    const index = found.get(title.toLowerCase());
    if (index !== undefined) columns[key] = index;
    else if (key === 'context') columns[key] = -1;
    else missing.push(title);
  }
  if (missing.length > 0) {
    const list = missing.map((m) => `"${m}"`).join(', ');
    return {
      ok: false, missing,
      message: `Not a police.uk street-level CSV: missing column${missing.length > 1 ? 's' : ''} ${list}`,
    };
  }
  return { ok: true, columns, fieldCount: header.length };
}

export interface PoliceRowRejection {
  /** The line number the caller passed in. */
  line: number;
  /** Published column title, or '(row)' for a field-count mismatch. */
  column: string;
  reason: RejectReason;
  message: string;
}

/** A row loaded although its Crime ID appeared before: police.uk publishes one row per outcome or location. */
export interface RepeatedCrimeId {
  line: number;
  crimeId: string;
  /** The line of the first row with this Crime ID. */
  firstLine: number;
}

export const REPEATED_CRIME_ID_NOTE = 'repeated Crime ID, kept: police.uk publishes one row per outcome or location';

export type PoliceRowResult =
  | { kind: 'row'; row: PoliceIncidentRow; repeatedCrimeId?: RepeatedCrimeId }
  | ({ kind: 'rejected' } & PoliceRowRejection);

export interface PoliceImportSummary {
  /** Records passed to `normalise`. */
  read: number;
  /** Accepted rows, including those without a location. */
  rows: number;
  /** Accepted rows with both coordinates empty. */
  withoutLocation: number;
  rejected: number;
  byReason: Record<RejectReason, number>;
  /** The first 20 rejections, in input order. */
  firstRejected: PoliceRowRejection[];
  /** Accepted rows whose Crime ID appeared on an earlier, different row (see REPEATED_CRIME_ID_NOTE). */
  repeatedCrimeIds: number;
  /** The first 20 of them, in input order. */
  firstRepeatedCrimeIds: RepeatedCrimeId[];
}

export interface PoliceRowNormaliserOptions {
  columns: PoliceColumns;
  /** Fields per record; defaults to the highest column index + 1. `checkPoliceHeader` returns it. */
  fieldCount?: number;
  /** 'YYYY-MM' from the file name: rows of another month are rejected. */
  expectedMonth?: string;
  /** police.uk force id from the file name, quoted in messages. */
  force?: string;
}

const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/;
const FIRST_REJECTED_LIMIT = 20;

/** Reads one cleaned column of a record (null for an absent Context). */
function fieldGetter(columns: PoliceColumns, fields: string[]): (key: PoliceColumnKey) => string | null {
  return (key) => (columns[key] < 0 ? null : cleanField(fields[columns[key]]));
}

/**
 * Validates and normalises one file's records, in order, keeping counts. One instance per file.
 *
 * Checks, first failure wins: field count, Month, Month against the file name, Crime type,
 * coordinates (`checkCoordinates`), then duplicates.
 *
 * Duplicate rule: a row with a Crime ID that repeats an earlier accepted row of the file field for
 * field is rejected ('duplicate-row', naming that line): it adds nothing. A row that repeats only
 * the Crime ID is loaded and reported as a note: police.uk publishes such rows separately (one per
 * outcome or location). In the 18 sample files 16 of 257,408 rows repeat a Crime ID: 14 differ
 * (mostly in 'Last outcome category', two also in location) and 2 (in Lancashire 2025-03) are
 * identical. Rows without a Crime ID are never de-duplicated: every empty-ID row there is ASB, and
 * identical ASB lines are normal (12,183 distinct lines occur 2–26 times: separate incidents at one
 * snap point, which carries no other detail).
 *
 * Memory: Crime IDs are remembered as 96-bit digests in a `DigestTable` (24 bytes a slot, with a
 * 64-bit digest of the first row), so the false-match chance is ~n²/2^97 (see digest-table.ts).
 */
export class PoliceRowNormaliser {
  readonly #columns: PoliceColumns;
  readonly #fieldCount: number;
  readonly #expectedMonth: string | undefined;
  readonly #force: string | undefined;
  readonly #seenCrimeIds = new DigestTable();
  /** Rows after the first of each repeated Crime ID: [line, row digest lanes 2 and 3]; rare. */
  readonly #laterRows = new Map<string, Array<[number, number, number]>>();
  readonly #idDigest = new Uint32Array(4);
  readonly #rowDigest = new Uint32Array(4);
  #repeatedCrimeIds = 0;
  readonly #firstRepeatedCrimeIds: RepeatedCrimeId[] = [];
  readonly #byReason = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
  readonly #firstRejected: PoliceRowRejection[] = [];
  #read = 0;
  #rows = 0;
  #withoutLocation = 0;

  constructor(options: PoliceRowNormaliserOptions) {
    if (options.expectedMonth !== undefined && !MONTH.test(options.expectedMonth)) {
      throw new Error(`expectedMonth must be YYYY-MM, got "${options.expectedMonth}"`);
    }
    this.#columns = options.columns;
    this.#fieldCount = options.fieldCount ?? Math.max(...Object.values(options.columns)) + 1;
    this.#expectedMonth = options.expectedMonth;
    this.#force = options.force;
  }

  #reject(line: number, column: string, reason: RejectReason, message: string): PoliceRowResult {
    const rejection = { line, column, reason, message };
    this.#byReason[reason] += 1;
    if (this.#firstRejected.length < FIRST_REJECTED_LIMIT) this.#firstRejected.push(rejection);
    return { kind: 'rejected', ...rejection };
  }

  normalise(fields: string[], lineNumber: number): PoliceRowResult {
    this.#read += 1;
    const reject = this.#reject.bind(this, lineNumber);
    if (fields.length !== this.#fieldCount) {
      return reject('(row)', 'field-count', `Expected ${this.#fieldCount} fields, found ${fields.length}`);
    }
    const get = fieldGetter(this.#columns, fields);

    const month = get('month');
    if (month === null || !MONTH.test(month)) {
      return reject('Month', 'month-unparseable', `Month "${month ?? ''}" is not YYYY-MM`);
    }
    if (this.#expectedMonth !== undefined && month !== this.#expectedMonth) {
      const file = this.#force ? `${this.#expectedMonth}-${this.#force}` : this.#expectedMonth;
      return reject('Month', 'month-mismatch', `Month ${month} differs from the file's month (${file})`);
    }
    const crimeType = get('crimeType');
    const category = crimeType === null ? undefined : slugForCrimeType(crimeType);
    if (category === undefined) {
      return reject('Crime type', 'unknown-crime-type', `Crime type "${crimeType ?? ''}" is not a police.uk category`);
    }
    const point = checkCoordinates(get('longitude'), get('latitude'));
    if (!point.ok) return reject(point.column, point.reason, point.message);

    const crimeId = get('crimeId');
    let repeatedCrimeId: RepeatedCrimeId | undefined;
    if (crimeId !== null) {
      const idDigest = digestStrings([crimeId], this.#idDigest);
      const rowDigest = digestStrings(fields, this.#rowDigest);
      const first = this.#seenCrimeIds.get(idDigest);
      if (first === undefined) {
        this.#seenCrimeIds.set(idDigest, lineNumber, rowDigest);
      } else {
        const later = this.#laterRows.get(crimeId) ?? [];
        const same = first.extra0 === rowDigest[2] && first.extra1 === rowDigest[3]
          ? first.value
          : later.find(([, a, b]) => a === rowDigest[2] && b === rowDigest[3])?.[0];
        if (same !== undefined) return reject('(row)', 'duplicate-row', `duplicate row: identical to line ${same}`);
        later.push([lineNumber, rowDigest[2]!, rowDigest[3]!]);
        this.#laterRows.set(crimeId, later);
        repeatedCrimeId = { line: lineNumber, crimeId, firstLine: first.value };
      }
    }
    const location = get('location');
    const row: PoliceIncidentRow = {
      crimeId,
      month,
      reportedBy: get('reportedBy') ?? '',
      fallsWithin: get('fallsWithin') ?? '',
      longitude: point.longitude,
      latitude: point.latitude,
      location: location !== null && location.toLowerCase() === 'no location' ? null : location,
      lsoaCode: get('lsoaCode'),
      lsoaName: get('lsoaName'),
      category,
      outcome: get('lastOutcome'),
      context: get('context'),
    };
    this.#rows += 1;
    if (row.longitude === null) this.#withoutLocation += 1;
    if (repeatedCrimeId) {
      this.#repeatedCrimeIds += 1;
      if (this.#firstRepeatedCrimeIds.length < FIRST_REJECTED_LIMIT) this.#firstRepeatedCrimeIds.push(repeatedCrimeId);
      return { kind: 'row', row, repeatedCrimeId };
    }
    return { kind: 'row', row };
  }

  summary(): PoliceImportSummary {
    return {
      read: this.#read,
      rows: this.#rows,
      withoutLocation: this.#withoutLocation,
      rejected: this.#read - this.#rows,
      byReason: { ...this.#byReason },
      firstRejected: this.#firstRejected.map((r) => ({ ...r })),
      repeatedCrimeIds: this.#repeatedCrimeIds,
      firstRepeatedCrimeIds: this.#firstRepeatedCrimeIds.map((r) => ({ ...r })),
    };
  }
}
