import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from './errors';
import { openZip, ZIP_LIMITS } from './zip-archive';

interface Entry {
  name: string;
  data: Buffer;
  /** Unix mode, e.g. 0o100644 for a file or 0o120777 for a symlink. */
  mode?: number;
}

/**
 * A zip written byte by byte (PKWARE APPNOTE 4.3: local headers, central directory, end record),
 * so hostile archives can be built here without a zip-writing dependency. Entries are deflated.
 */
function zipOf(entries: Entry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data, mode = 0o100644 } of entries) {
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4); // made on Unix, so the mode bits count
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(crc32(data), 16);
    header.writeUInt32LE(packed.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE((mode << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, nameBytes);
    parts.push(local, nameBytes, packed);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

const dir = mkdtempSync(join(tmpdir(), 'zip-guards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function write(entries: Entry[]): string {
  const path = join(dir, `${n++}.zip`);
  writeFileSync(path, zipOf(entries));
  return path;
}

const CSV = Buffer.from('Crime ID,Month\nabc,2024-01\n');

async function refusal(path: string, limits = ZIP_LIMITS): Promise<string> {
  const error = await openZip(path, limits).then(
    (zip) => {
      zip.close();
      return null;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return (error as ImportError).message;
}

describe('zip extraction guards', () => {
  it('opens an ordinary archive and streams its entry back unchanged', async () => {
    const zip = await openZip(write([{ name: '2024-01/2024-01-lancashire-street.csv', data: CSV }]));
    try {
      expect(zip.entries.map((e) => e.name)).toEqual(['2024-01/2024-01-lancashire-street.csv']);
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.open(zip.entries[0]!)) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(CSV)).toBe(true);
    } finally {
      zip.close();
    }
  });

  it('refuses entries that climb out of the archive or are absolute', async () => {
    expect(await refusal(write([{ name: '../evil.csv', data: CSV }]))).toMatch(/"\.\.\/evil\.csv".*climbs out/);
    expect(await refusal(write([{ name: 'a/../../evil.csv', data: CSV }]))).toMatch(/climbs out/);
    expect(await refusal(write([{ name: '/etc/cron.d/evil', data: CSV }]))).toMatch(/absolute path/);
  });

  it('refuses a symbolic link entry', async () => {
    const path = write([
      { name: 'ok.csv', data: CSV },
      { name: 'link.csv', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
    ]);
    expect(await refusal(path)).toMatch(/"link\.csv" is a symbolic link/);
  });

  it('refuses a decompression bomb: 64 MB of zeros packed over 1000:1', async () => {
    const path = write([{ name: 'bomb.csv', data: Buffer.alloc(64 * 1024 * 1024) }]);
    expect(await refusal(path)).toMatch(/"bomb\.csv" expands \d+:1, beyond the 200:1/);
  });

  it('refuses an archive whose entries together pass the total-size cap', async () => {
    // Random hex compresses about 2:1, so only the total (3 × 1 MB against a 2.5 MB cap) trips.
    const text = () => Buffer.from(Array.from({ length: 1 << 19 }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, '0')).join(''));
    const path = write([1, 2, 3].map((i) => ({ name: `part-${i}.csv`, data: text() })));
    const limits = { ...ZIP_LIMITS, maxTotalBytes: 2.5 * 1024 * 1024 };
    expect(await refusal(path, limits)).toMatch(/"part-3\.csv" takes the archive past/);
    const zip = await openZip(path); // the same archive under the default cap is fine
    zip.close();
  });
});
