import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ImportError } from './errors';

export interface ZipEntryInfo {
  name: string;
  size: number;
  entry: yauzl.Entry;
}

export interface ZipArchive {
  entries: ZipEntryInfo[];
  open: (entry: ZipEntryInfo) => Promise<Readable>;
  close: () => void;
}

/**
 * Lists a zip's files from its central directory (nothing is extracted to disk; entries are streamed
 * on demand). An entry whose path is absolute or climbs out of the archive's folder ('..') makes the
 * whole archive suspect, so it is refused: the data.police.uk download never has one.
 */
export async function openZip(path: string): Promise<ZipArchive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (error, file) => {
      if (error || !file) reject(new ImportError(`${path}: not a readable zip archive (${error?.message ?? 'unknown error'})`));
      else resolve(file);
    });
  });
  try {
    const entries = await new Promise<ZipEntryInfo[]>((resolve, reject) => {
      const list: ZipEntryInfo[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName.replace(/\\/g, '/');
        const escape = unsafeZipPath(name);
        if (escape) {
          reject(new ImportError(`${path}: refusing the zip: entry "${entry.fileName}" ${escape}`));
          return;
        }
        if (!name.endsWith('/')) list.push({ name, size: entry.uncompressedSize, entry });
        zip.readEntry();
      });
      zip.on('end', () => resolve(list));
      zip.on('error', (error: Error) => {
        // yauzl itself refuses absolute and '..' paths while reading the directory.
        const unsafe = /^(absolute path|invalid relative path|invalid characters in fileName): (.*)$/s.exec(error.message);
        if (unsafe) {
          const why = unsafe[1] === 'absolute path' ? 'has an absolute path' : unsafe[1] === 'invalid relative path' ? "climbs out of the archive's folder ('..')" : 'has a backslash in its path';
          reject(new ImportError(`${path}: refusing the zip: entry "${unsafe[2]}" ${why}`));
        } else {
          reject(new ImportError(`${path}: damaged zip archive (${error.message})`));
        }
      });
      zip.readEntry();
    });
    return {
      entries,
      open: (info) =>
        new Promise<Readable>((resolve, reject) => {
          zip.openReadStream(info.entry, (error, stream) => {
            if (error || !stream) reject(new ImportError(`${path}:${info.name}: cannot be read (${error?.message ?? 'unknown error'})`));
            else resolve(stream);
          });
        }),
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

/** Why a path inside a zip is unsafe, or null. */
export function unsafeZipPath(name: string): string | null {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'has an absolute path';
  if (name.split('/').includes('..')) return "climbs out of the archive's folder ('..')";
  return null;
}
