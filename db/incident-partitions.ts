import { type Kysely, type Transaction, sql } from 'kysely';
import type { Database } from './schema';

/**
 * An experiment for docs/scaling.md ("Monthly partitioning of `incidents`"), not used by the app
 * or any migration: it turns the migrated `incidents` table into one partitioned by month, so the
 * database tests can be run on that schema (TEST_PARTITIONED_INCIDENTS=1, tests/setup/backends.ts)
 * and plans read off it. Meant for a PostgreSQL server (15 here); the tests never run it on PGlite.
 *
 * In one transaction, under an exclusive lock: a new table `LIKE incidents INCLUDING ALL EXCLUDING
 * INDEXES` (columns in order, defaults, NOT NULL and CHECK constraints, identity with its sequence
 * options, storage, comments, extended statistics), `PARTITION BY RANGE (month)`, with one partition
 * per month `from`..`to` (`incidents_YYYY_MM`) and a DEFAULT partition (`incidents_default`) for
 * every other month; the rows are moved, the old table dropped and the new one renamed
 * `incidents`. Then, from the old table's catalogue entries as they were (so indexes and triggers
 * added by later migrations come along): its identity sequence's name and position (the next id is
 * the one the old table would have given), its primary key and unique constraints, every other
 * index (pg_get_indexdef; built on every partition), its foreign keys, the foreign keys of other
 * tables that reference it, and its triggers (pg_get_triggerdef), disabled ones left disabled.
 * The statement triggers with transition tables that keep `incident_counts` are allowed on a
 * partitioned table in PostgreSQL 15 (only row triggers with transition tables are refused there),
 * and their transition tables hold the rows of every partition the statement touched. The rows
 * are moved before the triggers exist, so `incident_counts` is left as it was, already right.
 *
 * What cannot be kept:
 * - The primary key becomes `(id, month)`: a partitioned table's unique constraints must contain
 *   the partition key, so `id` alone is no longer enforced unique (one sequence still hands out
 *   every id). Any other unique constraint gets `month` appended the same way. A foreign key of
 *   another table referencing `incidents (id)` could not be re-created (there is none): the
 *   conversion fails on it, with nothing changed.
 * - A DEFAULT partition is scanned by every query whose months it may hold, and a new month's
 *   partition cannot be attached while the default holds rows of that month.
 * - Not carried over: grants, row-level security policies, the table's own comment and storage
 *   parameters, replica identity and publications (none is set by the migrations). An exclusion
 *   constraint, or a view or other object depending on the table, makes the conversion fail.
 *
 * Does nothing when `incidents` is already partitioned.
 */
export async function partitionIncidentsByMonth(db: Kysely<Database>, options: { from: string; to: string }): Promise<{ partitions: number; rowsMoved: number }> {
  const months = monthsBetween(options.from, options.to);
  return db.transaction().execute(async (trx) => {
    await sql`lock table incidents in access exclusive mode`.execute(trx);
    const { rows: [table] } = await sql<{ schema: string; kind: string }>`
      select n.nspname as schema, c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.oid = 'incidents'::regclass`.execute(trx);
    if (table!.kind === 'p') return { partitions: 0, rowsMoved: 0 };
    const schema = table!.schema;
    const catalogue = await readCatalogue(trx);

    // Foreign keys pointing at the old table would stop its DROP; re-created against the new one.
    for (const key of catalogue.referencing) {
      await sql`alter table ${sql.id(key.schema, key.table)} drop constraint ${sql.id(key.name)}`.execute(trx);
    }
    const parted = sql.id(schema, 'incidents_partitioned');
    await sql`create table ${parted} (like incidents including all excluding indexes) partition by range (month)`.execute(trx);
    for (const month of months) {
      await sql`create table ${sql.id(schema, `incidents_${month.replace('-', '_')}`)} partition of ${parted}
        for values from (${sql.lit(`${month}-01`)}) to (${sql.lit(`${nextMonth(month)}-01`)})`.execute(trx);
    }
    await sql`create table ${sql.id(schema, 'incidents_default')} partition of ${parted} default`.execute(trx);

    const columns = sql.join(catalogue.columns.map((c) => sql.id(c)));
    const moved = await sql`insert into ${parted} (${columns}) overriding system value select ${columns} from incidents`.execute(trx);
    await sql`drop table incidents`.execute(trx);
    await sql`alter table ${parted} rename to incidents`.execute(trx);

    for (const identity of catalogue.identities) {
      const { rows: [created] } = await sql<{ name: string }>`
        select s.relname as name from pg_class s where s.oid = pg_get_serial_sequence('incidents', ${identity.column})::regclass`.execute(trx);
      await sql`alter sequence ${sql.id(schema, created!.name)} rename to ${sql.id(identity.sequence)}`.execute(trx);
      if (identity.lastValue !== null) {
        await sql`select setval(pg_get_serial_sequence('incidents', ${identity.column}), ${identity.lastValue}::bigint)`.execute(trx);
      }
    }
    for (const key of catalogue.keys) {
      const keyColumns = key.columns.includes('month') ? key.columns : [...key.columns, 'month'];
      const kind = key.primary ? sql`primary key` : sql`unique`;
      await sql`alter table incidents add constraint ${sql.id(key.name)} ${kind} (${sql.join(keyColumns.map((c) => sql.id(c)))})`.execute(trx);
    }
    // Definitions from pg_get_indexdef / pg_get_constraintdef / pg_get_triggerdef of the old table
    // (catalogue text, no user input); they name it by its qualified name, now the new table's.
    for (const index of catalogue.indexes) await sql.raw(index.definition).execute(trx);
    for (const key of catalogue.foreignKeys) {
      await sql`alter table incidents add constraint ${sql.id(key.name)} ${sql.raw(key.definition)}`.execute(trx);
    }
    for (const key of catalogue.referencing) {
      await sql`alter table ${sql.id(key.schema, key.table)} add constraint ${sql.id(key.name)} ${sql.raw(key.definition)}`.execute(trx);
    }
    for (const trigger of catalogue.triggers) {
      await sql.raw(trigger.definition).execute(trx);
      if (trigger.enabled === 'D') await sql`alter table incidents disable trigger ${sql.id(trigger.name)}`.execute(trx);
    }
    const rowsMoved = Number(moved.numAffectedRows ?? 0);
    if (rowsMoved > 0) await sql`analyze incidents`.execute(trx);
    return { partitions: months.length + 1, rowsMoved };
  });
}

interface Catalogue {
  /** Stored columns in order (generated ones are computed by the new table). */
  columns: string[];
  identities: Array<{ column: string; sequence: string; lastValue: string | null }>;
  keys: Array<{ name: string; primary: boolean; columns: string[] }>;
  indexes: Array<{ name: string; definition: string }>;
  foreignKeys: Array<{ name: string; definition: string }>;
  referencing: Array<{ schema: string; table: string; name: string; definition: string }>;
  triggers: Array<{ name: string; definition: string; enabled: string }>;
}

async function readCatalogue(trx: Transaction<Database>): Promise<Catalogue> {
  const { rows: attributes } = await sql<{ name: string; sequence: string | null; lastValue: string | null }>`
    select a.attname as name, s.relname as sequence, pg_sequence_last_value(s.oid)::text as "lastValue"
    from pg_attribute a
    left join pg_class s on a.attidentity <> '' and s.oid = pg_get_serial_sequence('incidents', a.attname)::regclass
    where a.attrelid = 'incidents'::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by a.attnum`.execute(trx);
  const { rows: constraints } = await sql<{ name: string; type: string; columns: string[]; definition: string; schema: string; table: string; referenced: boolean }>`
    select k.conname as name, k.contype as type, pg_get_constraintdef(k.oid) as definition,
           n.nspname as schema, t.relname as "table", k.confrelid = 'incidents'::regclass and k.conrelid <> k.confrelid as referenced,
           array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, i)
                 join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.i) as columns
    from pg_constraint k join pg_class t on t.oid = k.conrelid join pg_namespace n on n.oid = t.relnamespace
    where (k.conrelid = 'incidents'::regclass and k.contype in ('p', 'u', 'f', 'x'))
       or (k.confrelid = 'incidents'::regclass and k.contype = 'f' and k.conparentid = 0)
    order by k.conname`.execute(trx);
  const exclusion = constraints.find((k) => k.type === 'x' && !k.referenced);
  if (exclusion) throw new Error(`incidents has an exclusion constraint (${exclusion.name}): not supported on a partitioned table`);
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    select c.relname as name, pg_get_indexdef(x.indexrelid) as definition
    from pg_index x join pg_class c on c.oid = x.indexrelid
    where x.indrelid = 'incidents'::regclass
      and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid and k.conrelid = x.indrelid)
    order by c.relname`.execute(trx);
  const { rows: triggers } = await sql<{ name: string; definition: string; enabled: string }>`
    select tgname as name, pg_get_triggerdef(oid) as definition, tgenabled::text as enabled
    from pg_trigger where tgrelid = 'incidents'::regclass and not tgisinternal order by tgname`.execute(trx);
  return {
    columns: attributes.map((a) => a.name),
    identities: attributes.filter((a) => a.sequence !== null).map((a) => ({ column: a.name, sequence: a.sequence!, lastValue: a.lastValue })),
    keys: constraints.filter((k) => !k.referenced && (k.type === 'p' || k.type === 'u')).map((k) => ({ name: k.name, primary: k.type === 'p', columns: k.columns })),
    indexes,
    foreignKeys: constraints.filter((k) => !k.referenced && k.type === 'f').map((k) => ({ name: k.name, definition: k.definition })),
    referencing: constraints.filter((k) => k.referenced).map((k) => ({ schema: k.schema, table: k.table, name: k.name, definition: k.definition })),
    triggers,
  };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' months from `from` to `to`, both included. */
function monthsBetween(from: string, to: string): string[] {
  if (!MONTH.test(from) || !MONTH.test(to) || from > to) throw new Error(`Invalid month range ${from}..${to} (YYYY-MM, from <= to)`);
  const out: string[] = [];
  for (let month = from; month <= to; month = nextMonth(month)) out.push(month);
  return out;
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}
