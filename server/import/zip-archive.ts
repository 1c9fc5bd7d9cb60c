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
 * Decompression-bomb caps. police.uk CSVs compress about 10:1, so a 200:1 entry is not a police.uk
 * file; small entries are exempt because tiny files of repeated text legitimately compress far
 * better. The total cap is well above every force's full history (a few GB) but stops a
 * 42.zip-style archive from keeping the importer busy for hours.
 */
export interface ZipLimits {
  maxRatio: number;
  ratioExemptBytes: number;
  maxTotalBytes: number;
}
export const ZIP_LIMITS: Readonly<ZipLimits> = { maxRatio: 200, ratioExemptBytes: 1 << 20, maxTotalBytes: 32 * 1024 ** 3 };

/** Unix mode bits of a zip entry (the high 16 bits of its external attributes, when made on Unix). */
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Lists a zip's files from its central directory (nothing is extracted to disk; entries are streamed
 * on demand). An entry whose path is absolute or climbs out of the archive's folder ('..') makes the
 * whole archive suspect, so it is refused: the data.police.uk download never has one.
 */
export async function openZip(path: string, limits: ZipLimits = ZIP_LIMITS): Promise<ZipArchive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (error, file) => {
      if (error || !file) reject(new ImportError(`${path}: not a readable zip archive (${error?.message ?? 'unknown error'})`));
      else resolve(file);
    });
  });
  try {
    const entries = await new Promise<ZipEntryInfo[]>((resolve, reject) => {
      const list: ZipEntryInfo[] = [];
      let total = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName.replace(/\\/g, '/');
        total += entry.uncompressedSize;
        const escape = unsafeZipPath(name) ?? unsafeZipEntry(entry, total, limits);
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

/**
 * Why an entry is unsafe beyond its path, or null: a symlink (it could point anywhere once
 * extracted), a compression ratio no CSV reaches, or a running total past the cap. The sizes are
 * the central directory's claims; yauzl's validateEntrySizes stops a stream that inflates past them.
 */
export function unsafeZipEntry(entry: yauzl.Entry, totalSoFar: number, limits: ZipLimits = ZIP_LIMITS): string | null {
  if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return 'is a symbolic link';
  const { uncompressedSize: size, compressedSize: packed } = entry;
  if (size > limits.ratioExemptBytes && size > limits.maxRatio * Math.max(packed, 1)) {
    return `expands ${Math.round(size / Math.max(packed, 1))}:1, beyond the ${limits.maxRatio}:1 any CSV reaches (a decompression bomb?)`;
  }
  if (totalSoFar > limits.maxTotalBytes) return `takes the archive past ${limits.maxTotalBytes / 1024 ** 3} GiB uncompressed`;
  return null;
}

/** Why a path inside a zip is unsafe, or null. */
export function unsafeZipPath(name: string): string | null {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'has an absolute path';
  if (name.split('/').includes('..')) return "climbs out of the archive's folder ('..')";
  return null;
}
