import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import type { Sql } from 'postgres';

type Options = ConstructorParameters<typeof PostgresJSDialect>[0];
type CompileQuery = Parameters<NonNullable<Driver['savepoint']>>[2];

/**
 * Errors after which a connection's backend is gone (postgres.js's own codes, and PostgreSQL's
 * 57P01 admin_shutdown, e.g. pg_terminate_backend, 57P02 crash_shutdown, 57P03 cannot_connect_now).
 */
const GONE = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03']);

const isGone = (error: unknown) => typeof error === 'object' && error !== null && GONE.has(String((error as { code?: unknown }).code));

/**
 * A connection that refuses further queries once its backend is gone. kysely-postgres-js runs
 * every query on a `reserve()`d postgres.js connection; with postgres@3.4.9 a query sent on a
 * reserved connection whose backend was terminated (Kysely's ROLLBACK after the failed statement)
 * never settles and throws an uncaught TypeError from nextWrite, and releasing that connection
 * makes the pool's next query hang (porsager/postgres#1208, #1199). So: fail at once instead.
 */
class GuardedConnection implements DatabaseConnection {
  gone = false;
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.gone) throw Object.assign(new Error('The database connection was closed during the request'), { code: 'CONNECTION_CLOSED' });
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (error) {
      if (isGone(error)) this.gone = true;
      throw error;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.gone) throw Object.assign(new Error('The database connection was closed during the request'), { code: 'CONNECTION_CLOSED' });
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class GuardedDriver implements Driver {
  constructor(private readonly inner: Driver, private readonly client: Sql) {}
  init() {
    return this.inner.init();
  }
  async acquireConnection() {
    return new GuardedConnection(await this.inner.acquireConnection());
  }
  // Transaction statements go through the guarded connection (PostgresDriver runs them with executeQuery).
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }
  // Kysely's PostgresDriver marks a connection whose ROLLBACK failed with a symbol of its own
  // pg connection, which kysely-postgres-js's lacks (a TypeError, answered 500): the guard marks it.
  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  savepoint(connection: DatabaseConnection, name: string, compile: CompileQuery) {
    return this.inner.savepoint!(connection, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: CompileQuery) {
    return this.inner.rollbackToSavepoint!(connection, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: CompileQuery) {
    return this.inner.releaseSavepoint!(connection, name, compile);
  }
  async releaseConnection(connection: DatabaseConnection) {
    const guarded = connection as GuardedConnection;
    // Not handed back: postgres.js reconnects that connection object for the pool by itself,
    // whereas releasing it makes the next pooled query hang (measured on 3.4.9).
    if (guarded.gone) return;
    await this.inner.releaseConnection(guarded.inner);
  }
  // A plain end() waits for ever for a connection kept back above (porsager/postgres#925), and for
  // a query still queued for a connection when it is called, which never starts or settles: a
  // server stopped under load never exited (tests/api/pool-close.test.ts). A grace period, then close.
  async destroy() {
    await this.client.end({ timeout: 5 });
  }
}

/** kysely-postgres-js's dialect, with connections that fail fast once their backend is gone. */
export class GuardedPostgresJSDialect extends PostgresJSDialect implements Dialect {
  constructor(private readonly options: Options & { postgres: Sql }) {
    super(options);
  }
  override createDriver(): Driver {
    return new GuardedDriver(super.createDriver(), this.options.postgres);
  }
}
