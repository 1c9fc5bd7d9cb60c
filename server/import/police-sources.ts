import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { parsePoliceFileName } from '../../geodata/police-file-name';
import { ImportError } from './errors';
import { type ZipArchive, openZip } from './zip-archive';

/** One street-level file to import, from disk or inside a zip. */
export interface PoliceFileSource {
  /** Shown in messages: the path, or `archive.zip:2025-12/2025-12-lancashire-street.csv`. */
  label: string;
  month: string;
  force: string;
  gzip: boolean;
  /** Bytes to read, when known (for the ETA). */
  size?: number;
  open: () => Promise<Readable>;
}

export interface ResolvedPoliceInputs {
  files: PoliceFileSource[];
  /** Other files seen and skipped (outcomes, stop-and-search, …), for the report. */
  skipped: string[];
  close: () => Promise<void>;
}

const STREET_NAME_HINT = 'YYYY-MM-<force>-street.csv, .csv.gz, or a folder or .zip of them';

/**
 * Expands the CLI's arguments into street-level files: a file, a folder (searched recursively) or
 * a .zip of the data.police.uk download. Two files for the same force and month are refused, since
 * each replaces the other.
 */
export async function resolvePoliceInputs(paths: readonly string[]): Promise<ResolvedPoliceInputs> {
  const files: PoliceFileSource[] = [];
  const skipped: string[] = [];
  const archives: ZipArchive[] = [];
  const close = async () => {
    for (const archive of archives) archive.close();
  };
  try {
    for (const path of paths) {
      const info = await stat(path).catch(() => {
        throw new ImportError(`${path}: no such file or folder`);
      });
      if (info.isDirectory()) {
        const before = files.length;
        for (const file of await walk(path)) await addPath(file, files, skipped, archives, false);
        if (files.length === before) throw new ImportError(`${path}: the folder holds no police.uk street-level files (${STREET_NAME_HINT})`);
      } else {
        await addPath(path, files, skipped, archives, true);
      }
    }
    checkDistinctForceMonths(files);
    return { files, skipped, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function addPath(path: string, files: PoliceFileSource[], skipped: string[], archives: ZipArchive[], explicit: boolean): Promise<void> {
  if (path.toLowerCase().endsWith('.zip')) {
    const archive = await openZip(path);
    archives.push(archive);
    const before = files.length;
    const others: string[] = [];
    for (const entry of archive.entries) {
      const name = parsePoliceFileName(entry.name);
      if (!name) {
        others.push(entry.name);
        continue;
      }
      files.push({
        label: `${basename(path)}:${entry.name}`, ...name, gzip: entry.name.endsWith('.gz'),
        size: entry.size, open: () => archive.open(entry),
      });
    }
    skipped.push(...others.map((o) => `${basename(path)}:${o}`));
    if (files.length === before) {
      const sample = others.slice(0, 3).join(', ');
      throw new ImportError(
        `${path}: the zip holds no police.uk street-level files (${STREET_NAME_HINT})` +
          (others.length ? `; it has ${others.length} other file${others.length > 1 ? 's' : ''}, e.g. ${sample}` : '; it is empty'),
      );
    }
    return;
  }
  const name = parsePoliceFileName(path);
  if (!name) {
    if (explicit) throw new ImportError(`${path}: not a police.uk street-level file name (expected ${STREET_NAME_HINT})`);
    skipped.push(path);
    return;
  }
  const { size } = await stat(path);
  files.push({ label: path, ...name, gzip: path.endsWith('.gz'), size, open: async () => createReadStream(path) });
}

async function walk(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

function checkDistinctForceMonths(files: readonly PoliceFileSource[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    const key = `${file.force} ${file.month}`;
    const other = seen.get(key);
    if (other) throw new ImportError(`Two files for ${file.force} ${file.month}: ${other} and ${file.label}. Each file replaces that force-month: give only one.`);
    seen.set(key, file.label);
  }
}
