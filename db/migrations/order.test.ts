import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEGACY_MIGRATION_NAMES, migrationProvider } from './index';

/** A new migration's name: `YYYY-MM-DDTHHMM-<kebab-name>` (UTC). */
const TIMESTAMPED = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3])[0-5]\d-[a-z0-9]+(-[a-z0-9]+)*$/;

describe('migration order', () => {
  it('lists the migrations in the order Kysely runs them: their names sorted as strings', async () => {
    const names = Object.keys(await migrationProvider.getMigrations());
    // Kysely's Migrator sorts Object.keys(...) with the default sort: the same comparison.
    expect(names).toEqual([...names].sort());
  });

  it('keeps the names existing databases know, first, and names every later one with a full timestamp', async () => {
    const names = Object.keys(await migrationProvider.getMigrations());
    expect(names.slice(0, LEGACY_MIGRATION_NAMES.length)).toEqual(LEGACY_MIGRATION_NAMES);
    for (const name of names.slice(LEGACY_MIGRATION_NAMES.length)) expect(name).toMatch(TIMESTAMPED);
  });

  it('sorts a timestamped name after every legacy name, even one of the same day', () => {
    const later = ['2026-11-26T0000-same-day', '2026-12-02T0500-add-accounts'];
    expect([...later, ...LEGACY_MIGRATION_NAMES].sort()).toEqual([...LEGACY_MIGRATION_NAMES, ...later]);
  });

  it('lists every migration file in the folder, and nothing else', async () => {
    const files = readdirSync(new URL('.', import.meta.url))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -3));
    expect(Object.keys(await migrationProvider.getMigrations())).toEqual(files.sort());
  });
});
