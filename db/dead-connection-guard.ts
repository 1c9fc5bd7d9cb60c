import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import type { ReservedSql, Sql } from 'postgres';
import { ConnectionPools, type Pool } from './connection-pools';

type CompileQuery = Parameters<NonNullable<Driver['savepoint']>>[2];

/**
 * Errors after which a connection's backend is gone (postgres.js's own codes, and PostgreSQL's
 * 57P01 admin_shutdown, e.g. pg_terminate_backend, 57P02 crash_shutdown, 57P03 cannot_connect_now).
 */
const GONE = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03']);

export const isGone = (error: unknown) => typeof error === 'object' && error !== null && GONE.has(String((error as { code?: unknown }).code));

const closedError = () => Object.assign(new Error('The database connection was closed during the request'), { code: 'CONNECTION_CLOSED' });

/**
 * Statements that may be sent again on another connection when the first one's backend died under
 * them: a read, or the BEGIN of a transaction (nothing of it has run yet). Only as the first
 * statement on a connection, so no earlier statement (a write, a SET) can have been lost with it.
 * The app's SELECTs call no function with side effects; a write is never repeated, as it may have
 * committed before the connection broke.
 */
const REPEATABLE = /^\s*(select|begin|start transaction)\b/i;

/**
 * A Kysely connection over a reserved postgres.js connection that refuses further queries once its
 * backend is gone. kysely-postgres-js runs every query on a `reserve()`d postgres.js connection;
 * with postgres@3.4.9 a query sent on a reserved connection whose backend was terminated (Kysely's
 * ROLLBACK after the failed statement) never settles and throws an uncaught TypeError from
 * nextWrite, and releasing that connection makes the pool's next query hang
 * (porsager/postgres#1208, #1199). So: fail at once instead, and retire the pool it came from
 * (connection-pools.ts says why).
 */
class GuardedConnection implements DatabaseConnection {
  private pool: Pool | undefined;
  private inner: DatabaseConnection | undefined;
  private gone = false;
  private statements = 0;

  constructor(private readonly pools: ConnectionPools) {}

  /** Reserves a connection of the current pool; once more from a fresh pool if the first is refused as gone (nothing was sent). */
  async attach(retry = true): Promise<void> {
    const pool = this.pools.hold();
    try {
      this.inner = await pool.driver.acquireConnection();
      this.pool = pool;
    } catch (error) {
      if (isGone(error)) this.pools.retire(pool);
      this.pools.release(pool);
      if (retry && isGone(error)) return this.attach(false);
      throw error;
    }
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.gone || !this.inner) throw closedError();
    const first = this.statements++ === 0;
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (error) {
      if (!isGone(error)) throw error;
      this.lost();
      if (!first || !REPEATABLE.test(query.sql)) throw error;
      this.detach();
      await this.attach(false);
      this.gone = false;
      return this.inner!.executeQuery<R>(query).catch((again: unknown) => {
        if (isGone(again)) this.lost();
        throw again;
      });
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.gone || !this.inner) throw closedError();
    this.statements++;
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (error) {
      if (isGone(error)) this.lost();
      throw error;
    }
  }

  /** Its backend is gone: no more queries, and its pool is retired. */
  private lost(): void {
    this.gone = true;
    if (this.pool) this.pools.retire(this.pool);
  }

  /** Stops counting the connection against its pool, without handing it back to postgres.js. */
  private detach(): void {
    if (this.pool) this.pools.release(this.pool);
    this.pool = this.inner = undefined;
  }

  async release(): Promise<void> {
    const { pool, inner } = this;
    if (!pool || !inner) return;
    // A gone connection is not handed back: releasing it makes the pool's next query hang (3.4.9).
    if (!this.gone) await pool.driver.releaseConnection(inner);
    this.detach();
  }

  /** The driver the connection came from, for the statements Kysely's PostgresDriver builds. */
  get driver(): Driver {
    return (this.pool ?? this.pools.current).driver;
  }
}

class GuardedDriver implements Driver {
  constructor(private readonly pools: ConnectionPools) {}
  init() {
    return this.pools.current.ready;
  }
  async acquireConnection() {
    const connection = new GuardedConnection(this.pools);
    await connection.attach();
    return connection;
  }
  // Transaction statements go through the guarded connection (PostgresDriver runs them with executeQuery).
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return (connection as GuardedConnection).driver.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection) {
    return (connection as GuardedConnection).driver.commitTransaction(connection);
  }
  // Kysely's PostgresDriver marks a connection whose ROLLBACK failed with a symbol of its own
  // pg connection, which kysely-postgres-js's lacks (a TypeError, answered 500): the guard marks it.
  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  savepoint(connection: DatabaseConnection, name: string, compile: CompileQuery) {
    return (connection as GuardedConnection).driver.savepoint!(connection, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: CompileQuery) {
    return (connection as GuardedConnection).driver.rollbackToSavepoint!(connection, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: CompileQuery) {
    return (connection as GuardedConnection).driver.releaseSavepoint!(connection, name, compile);
  }
  releaseConnection(connection: DatabaseConnection) {
    return (connection as GuardedConnection).release();
  }
  // A plain end() waits for ever for a connection kept back above (porsager/postgres#925), and for
  // a query still queued for a connection when it is called, which never starts or settles: a
  // server stopped under load never exited (tests/api/pool-close.test.ts). A grace period, then close.
  destroy() {
    return this.pools.end(5);
  }
}

/**
 * kysely-postgres-js's dialect, with connections that fail fast once their backend is gone and a
 * pool replaced once one of its connections died under a query. `connect` opens a postgres.js pool
 * (called again for each replacement, so with the same options).
 */
export class GuardedPostgresJSDialect extends PostgresJSDialect implements Dialect {
  private readonly pools: ConnectionPools;
  constructor(connect: () => Sql) {
    const pools = new ConnectionPools(() => {
      const client = connect();
      return { client, driver: new PostgresJSDialect({ postgres: client }).createDriver() };
    });
    super({ postgres: pools.current.client });
    this.pools = pools;
  }
  override createDriver(): Driver {
    return new GuardedDriver(this.pools);
  }
  /**
   * A reserved connection of the current pool, counted against it until `done`, for a transaction
   * run outside Kysely's pool (an import's COPY goes on the transaction's own connection). `done(error)` gives it back; when the error says its
   * backend is gone, the connection is dropped instead and its pool retired, as GuardedConnection does.
   */
  async reserveForTransaction(): Promise<{ reserved: ReservedSql; done(error?: unknown): void }> {
    const pool = this.pools.hold();
    let reserved: ReservedSql;
    try {
      reserved = await pool.client.reserve();
    } catch (error) {
      if (isGone(error)) this.pools.retire(pool);
      this.pools.release(pool);
      throw error;
    }
    let finished = false;
    return {
      reserved,
      done: (error) => {
        if (finished) return;
        finished = true;
        if (isGone(error)) this.pools.retire(pool);
        else reserved.release();
        this.pools.release(pool);
      },
    };
  }
}
