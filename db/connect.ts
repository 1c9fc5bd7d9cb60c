import { mkdirSync } from 'node:fs';
import { type Socket, connect as connectSocket } from 'node:net';
import { CompiledQuery, type Driver, Kysely, type Transaction, sql } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { GuardedPostgresJSDialect, isGone } from './dead-connection-guard';
import { migrateToLatest } from './migrate';
import type { Database } from './schema';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Schema the tables live in; 'public' unless isolated (tests on a shared server). */
  schema: string;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tar archive (tests prepare one and copy it). */
  dumpDataDir?: () => Promise<Blob>;
  /**
   * Runs `work` in one transaction whose connection also takes COPY: each `copy` call loads its
   * text-format lines with one `COPY … FROM STDIN` inside that transaction, so the rows commit or
   * roll back with the rest of it. On a server `copy` may be left in flight while the caller makes
   * the next lines (its next statement waits behind it on the connection); keep at most one.
   */
  transactionWithCopy<T>(work: (trx: Transaction<Database>, copy: TransactionCopy) => Promise<T>): Promise<T>;
}

/**
 * Loads text-format lines (each ending in \n) into `table`; `freeze` asks for COPY … (FREEZE),
 * allowed only when the table was created or truncated earlier in the same transaction.
 */
export type TransactionCopy = (table: string, columns: readonly string[], text: string | Uint8Array, options?: { freeze?: boolean }) => Promise<void>;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function copyStatement(table: string, columns: readonly string[]): string {
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`Invalid identifier "${name}" for COPY`);
  return `copy "${table}" (${columns.map((c) => `"${c}"`).join(', ')})`;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL: use that server through postgres.js. Unset: embedded PGlite. */
  url?: string;
  /** PGlite data folder, created on first start. Unset (and no url): in memory. */
  dataDir?: string;
  /** PGlite: start from a data directory archive made by `dumpDataDir` (tests use one prepared copy). */
  loadDataDir?: Blob;
  /** Server: put every table in this schema (created if missing), PostGIS stays in public. */
  schema?: string;
  /** Apply pending migrations after connecting (default true). */
  migrate?: boolean;
  /**
   * Server only: `statement_timeout` of every pooled connection, in ms (unset or 0: none). The
   * HTTP server sets it; the CLI does not. Imports lift it in their transactions (`set local`),
   * which the police.uk import's COPY statements run in. PGlite ignores it: its single WASM
   * thread has no timer to cancel a query.
   */
  statementTimeoutMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The one connection factory: PostGIS on a server when a URL is given, else embedded PGlite + PostGIS. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const handle = options.url ? await openPostgres(options.url, options.schema, options.statementTimeoutMs) : await openPglite(options);
  try {
    await sql`create extension if not exists postgis`.execute(handle.db);
    if (options.migrate !== false) await migrateToLatest(handle.db, handle.schema);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // Loaded only when used: importing PGlite costs ~55 MB of memory, which a process working on a
  // server (the importer's bench, whose memory goal is 300 MB) should not pay.
  const [{ PGlite }, { postgis }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'), import('@electric-sql/pglite-postgis'), import('kysely-pglite-dialect'),
  ]);
  const pglite = await PGlite.create(options.dataDir, {
    extensions: { postgis },
    loadDataDir: options.loadDataDir,
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  // Kysely's destroy() closes the PGlite instance through the dialect's driver.
  return {
    db,
    kind: 'pglite',
    schema: 'public',
    close: () => db.destroy(),
    dumpDataDir: async () => pglite.dumpDataDir('none'),
    // The one connection is the transaction's: inside it a direct query runs in the transaction
    // (Kysely's lock keeps every other query out until it ends).
    transactionWithCopy: (work) =>
      db.transaction().execute((trx) =>
        work(trx, async (table, columns, text, options) => {
          await pglite.query(`${copyStatement(table, columns)} from '/dev/blob'${options?.freeze ? ' (freeze)' : ''}`, [], { blob: new Blob([text as string | Uint8Array<ArrayBuffer>]) }); // bytes from a worker are never shared memory
        }),
      ),
  };
}

async function openPostgres(url: string, schema = 'public', statementTimeoutMs = 0): Promise<DatabaseHandle> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  if (schema !== 'public') {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create schema if not exists "${schema}"`);
    } finally {
      await admin.end();
    }
  }
  // A function: the guard opens a fresh pool, with the same options, when a connection dies under a query.
  // `socket` is a postgres.js option its types leave out (docs: "Custom socket").
  const connect = () => postgres(url, {
    max: 10,
    onnotice: () => {},
    // JIT compilation costs ~200 ms per analysis query and pays back only on far longer ones.
    connection: { search_path: schema === 'public' ? 'public' : `${schema},public`, application_name: 'hotspot-atlas', jit: 'off', statement_timeout: statementTimeoutMs },
    socket: noDelaySocket,
  } as postgres.Options<{}>);
  const dialect = new GuardedPostgresJSDialect(connect);
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    kind: 'postgres',
    schema,
    // The guarded driver's destroy() closes the pools with a grace period (dead-connection-guard.ts).
    close: () => db.destroy(),
    transactionWithCopy: (work) => transactionWithCopyOn(dialect, work),
  };
}

/**
 * The connection's socket with Nagle's algorithm off, as libpq sets it: postgres.js leaves it on,
 * and a COPY's last message (CopyDone, 5 bytes) then waits for the server's delayed ACK of the
 * data before it: 40 ms per COPY statement. Measured: 62 ms against 19 ms per COPY of 2,000 rows,
 * 470 of which a 1,000,000-row import sends. postgres.js connects a socket it is given itself only
 * when it makes it: this one is connected here, by path (a Unix socket) or to the first host.
 */
function noDelaySocket(options: { host: string[]; port: number[]; path?: string | false }): Socket {
  const socket = options.path ? connectSocket(options.path) : connectSocket(options.port[0]!, options.host[0]!);
  return socket.setNoDelay(true);
}

/**
 * A transaction on a connection reserved for it, through a Kysely of its own bound to that one
 * connection, so that COPY (which Kysely cannot send) goes on the same connection and so into the
 * same transaction.
 */
async function transactionWithCopyOn<T>(
  dialect: GuardedPostgresJSDialect, work: (trx: Transaction<Database>, copy: TransactionCopy) => Promise<T>,
): Promise<T> {
  const { reserved, done } = await dialect.reserveForTransaction();
  // Once the backend is gone, a query sent on the connection never settles (postgres@3.4.9, see
  // dead-connection-guard.ts): Kysely's ROLLBACK would hang. Refuse at once instead, as the guard does.
  let gone: unknown;
  const send = (query: string, parameters?: unknown[]) => {
    if (gone) throw gone;
    const pending = reserved.unsafe(query, parameters as postgres.ParameterOrJSON<never>[]);
    pending.catch((error: unknown) => {
      if (isGone(error)) gone ??= error;
    });
    return pending;
  };
  // postgres.js pipelines: a statement made while a COPY is in flight is written into the COPY's
  // data ("unexpected message type 0x50 during COPY from stdin", the connection lost; seen in CI
  // under load). So statements and COPYs on this connection run strictly one after another.
  // (Kysely awaits each result; streamed queries, which need postgres.js's cursor, are not offered.)
  let tail: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.then(() => {}, () => {});
    return run;
  };
  const unsafe = (query: string, parameters?: unknown[]) => inTurn(async () => send(query, parameters));
  // kysely-postgres-js reserves a connection per transaction: hand it this one, never released by it.
  const one = Object.assign(() => {}, {
    reserve: async () => ({ unsafe, release: () => {} }),
    end: async () => {},
  }) as unknown as postgres.Sql;
  const single = new Kysely<Database>({ dialect: new OneConnectionDialect({ postgres: one }) });
  const copy: TransactionCopy = (table, columns, text, options) =>
    inTurn(async () => {
      const stream = await send(`${copyStatement(table, columns)} from stdin${options?.freeze ? ' (freeze)' : ''}`).writable();
      let copied = false;
      let endCalled!: () => void;
      const ending = new Promise<void>((resolve) => (endCalled = resolve));
      const ended = new Promise<void>((resolve, reject) => {
        const fail = (error: Error) => {
          if (isGone(error)) gone ??= error;
          reject(error);
        };
        stream.once('error', fail);
        const end = () => {
          stream.end((error?: Error | null) => {
            if (error) return fail(error);
            copied = true;
            resolve();
          });
          endCalled();
        };
        const pieces = [...slices(text, COPY_MESSAGE_CHARS)];
        // Ended once the last piece is on the socket, so the stream sends CopyDone at once (below).
        pieces.forEach((piece, i) => stream.write(piece, i === pieces.length - 1 ? end : undefined));
        if (pieces.length === 0) end();
      });
      // postgres@3.4.9 never settles a COPY that the server refuses after its last data went out
      // (a row failing a constraint, say): the end callback is never called, and the transaction
      // would wait for ever, aborted, holding its locks (porsager/postgres#1173; the fix is not
      // released). A statement sent after CopyDone is answered after the COPY's own result, so
      // its answer, with the COPY still not finished once that result's callbacks have run,
      // means the COPY failed. The driver drops the server's reason; the server log has it.
      const refused = Promise.race([ending, ended.catch(() => {})]).then(() => statementAfterCopy(send, ended)).then(async (error) => {
        await new Promise((resolve) => setImmediate(resolve));
        if (copied) return;
        throw new Error(`COPY into ${table} was refused by the database (postgres.js does not pass on why; the PostgreSQL server log says)`
          + (error instanceof Error ? `; the next statement was answered: ${error.message}` : ''));
      });
      refused.catch(() => {}); // when the stream failed first, `ended` has the error to throw
      await Promise.race([ended, refused]);
      await refused;
    });
  let failure: unknown;
  try {
    return await single.transaction().execute((trx) => work(trx, copy));
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await single.destroy();
    // A failure may hide the lost connection (the ROLLBACK's error is what Kysely throws).
    done(gone ?? failure);
  }
}

/**
 * `select 1` sent once the COPY stream has been ended, which after its last write's callback makes
 * it send CopyDone at once; should postgres.js still refuse it (COPY_IN_PROGRESS, until CopyDone
 * is out), it is sent again a millisecond later. Its error if it failed; stops retrying when the
 * COPY's own failure (`ended`) comes first. Resolves once the statement is answered.
 */
async function statementAfterCopy(send: (query: string) => Promise<unknown>, ended: Promise<void>): Promise<unknown> {
  let streamFailed = false;
  ended.catch(() => {
    streamFailed = true;
  });
  for (;;) {
    const error = await send('select 1').then(() => undefined, (e: unknown) => e);
    if ((error as { code?: string } | undefined)?.code !== 'COPY_IN_PROGRESS' || streamFailed) return error;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Characters per CopyData message. postgres.js sends each write as one message: measured on
 * 60,000 incident rows (18 MB), one message took 405–472 ms and 64 KB ones 256–291 ms (psql's
 * own \copy, 240 ms).
 */
const COPY_MESSAGE_CHARS = 65_536;

/**
 * `text` in pieces of about `size` characters, never cutting a surrogate pair (each piece is encoded
 * alone); UTF-8 bytes in pieces of `size` bytes (COPY data may be cut anywhere, even inside a character).
 */
function* slices(text: string | Uint8Array, size: number): Generator<string | Uint8Array> {
  if (typeof text !== 'string') {
    for (let start = 0; start < text.length; start += size) yield text.subarray(start, start + size);
    return;
  }
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length && (text.charCodeAt(end) & 0xfc00) === 0xdc00) end++;
    yield text.slice(start, end);
    start = end;
  }
}

/**
 * kysely-postgres-js's dialect with a plain ROLLBACK: Kysely's own rollbackTransaction marks a
 * connection whose ROLLBACK failed for discarding through a method kysely-postgres-js's
 * connections lack, throwing a TypeError in place of the real error (the guarded driver does the same).
 */
class OneConnectionDialect extends PostgresJSDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.rollbackTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    };
    return driver;
  }
}

