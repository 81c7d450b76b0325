/**
 * SqlExecutor over `mssql` (tedious) for a production BOB database on SQL Server. `mssql` is loaded
 * on first use, so runs against the embedded database never load it; the small part of its API used
 * here is typed locally below.
 */
import type { Readable } from 'node:stream';
import type { BobMssqlConfig } from '../../config/types.js';
import { BobsyncError } from '../../errors.js';
import type { SqlCapabilities, SqlExecutor, SqlParams, SqlRow, SqlValue } from './executor.js';

const CONNECT_TIMEOUT_MS = 15_000;
/** Large reads and batched inserts take longer than the driver's default of 15 s. */
const REQUEST_TIMEOUT_MS = 10 * 60_000;
/** SQL Server accepts at most 2100 parameters per request; stay below with room to spare. */
const MAX_PARAMETERS_PER_REQUEST = 2000;
const MAX_STATEMENTS_PER_BATCH = 100;
const CAPABILITIES: SqlCapabilities = { longTextType: 'NVARCHAR(MAX)' };
/** A named parameter, not a system function (`@@ROWCOUNT`) nor the middle of an e-mail address. */
const PARAMETER = /(?<![@\w])@([A-Za-z_][A-Za-z0-9_]*)/g;
/** SQL Server errors worth retrying: deadlock victim, lock request time-out. */
const TRANSIENT_SQL_ERRORS = new Set([1205, 1222]);

// --- the part of the mssql API used here -----------------------------------------------------
type MssqlType = object;
/** The part of the mssql module used here; tests hand in a stand-in with the same surface. */
export interface MssqlModule {
  ConnectionPool: new (config: Record<string, unknown>) => MssqlPool;
  Request: new (parent: MssqlPool | MssqlTransaction) => MssqlRequest;
  Transaction: new (parent: MssqlPool) => MssqlTransaction;
  NVarChar: MssqlType;
  Int: MssqlType;
  BigInt: MssqlType;
  Float: MssqlType;
  Bit: MssqlType;
  DateTime2: MssqlType;
  VarBinary: MssqlType;
}
interface MssqlPool {
  connect(): Promise<MssqlPool>;
  close(): Promise<void>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}
interface MssqlRequest {
  input(name: string, type: MssqlType, value: unknown): MssqlRequest;
  query(sql: string): Promise<{ recordset?: SqlRow[]; rowsAffected: number[] }>;
  toReadableStream(options?: { highWaterMark?: number }): Readable;
}
interface MssqlTransaction {
  begin(): Promise<unknown>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}
// ----------------------------------------------------------------------------------------------

/** A string typed `string`, so that TypeScript does not look for the (absent) mssql type declarations. */
const MSSQL_MODULE: string = 'mssql';

async function loadMssql(): Promise<MssqlModule> {
  const loaded = (await import(MSSQL_MODULE)) as { default: MssqlModule };
  return loaded.default;
}

export interface MssqlOpenOptions {
  /** The module to use instead of loading `mssql` (tests); the real one is loaded only when this is absent. */
  driver?: MssqlModule;
}

/** Connects to SQL Server; login and network failures become 'unavailable' errors without secrets. */
export async function openMssqlExecutor(config: BobMssqlConfig, password: string, options: MssqlOpenOptions = {}): Promise<SqlExecutor> {
  const mssql = options.driver ?? (await loadMssql());
  const description = `${config.server}:${config.port}/${config.database}`;
  // `host\instance` names a named instance; tedious wants it as an option.
  const [server, instanceName] = config.server.split('\\', 2) as [string, string | undefined];
  const pool = new mssql.ConnectionPool({
    server,
    port: instanceName === undefined ? config.port : undefined,
    database: config.database,
    user: config.user,
    password,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    pool: { min: 0, max: 10 },
    options: {
      encrypt: config.encrypt,
      trustServerCertificate: config.trustServerCertificate,
      appName: 'bobsync',
      ...(instanceName === undefined ? {} : { instanceName }),
    },
  });
  // An idle connection that breaks is reported here; the next request reports it to its caller.
  pool.on('error', () => undefined);
  try {
    await pool.connect();
  } catch (error) {
    throw connectError(error, config, description);
  }
  return new MssqlExecutor(mssql, pool, pool, description, undefined);
}

/** Runs promises one after the other: a transaction has one connection and one request at a time. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(call: () => Promise<T>): Promise<T> {
    const result = this.tail.then(call);
    this.tail = result.catch(() => undefined);
    return result;
  }

  idle(): Promise<unknown> {
    return this.tail;
  }
}

class MssqlExecutor implements SqlExecutor {
  readonly capabilities = CAPABILITIES;

  constructor(
    private readonly mssql: MssqlModule,
    private readonly pool: MssqlPool,
    /** The pool, or the transaction for the `tx` handed to a transaction's callback. */
    private readonly parent: MssqlPool | MssqlTransaction,
    readonly description: string,
    /** Set inside a transaction. */
    private readonly serial: Serial | undefined,
  ) {}

  async query<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): Promise<T[]> {
    const result = await this.send(sql, params);
    return (result.recordset ?? []) as T[];
  }

  async *iterate<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): AsyncIterable<T> {
    if (this.serial !== undefined) {
      // A streaming request would hold the transaction's only connection while the loop body
      // wants to use it: inside a transaction the rows are read first.
      yield* await this.query<T>(sql, params);
      return;
    }
    const request = this.request(params);
    const rows = request.toReadableStream({ highWaterMark: 500 });
    // In stream mode the promise resolves even on failure; errors arrive through the stream.
    request.query(sql).catch(() => undefined);
    try {
      for await (const row of rows) yield row as T;
    } catch (error) {
      throw requestError(error, this.description);
    }
  }

  async execute(sql: string, params?: SqlParams): Promise<number> {
    // A server whose `user options` turn NOCOUNT on sends no counts, and callers rely on them. A SET
    // inside the batch (sp_executesql) lasts for that batch only; on the same line, so that error
    // line numbers stay those of the statement.
    const result = await this.send(`SET NOCOUNT OFF; ${sql}`, params);
    return sum(result.rowsAffected);
  }

  /**
   * Sends up to MAX_STATEMENTS_PER_BATCH copies of the statement in one request, each with its own
   * parameter names (`@name__3`): one round trip instead of one per row.
   */
  async executeMany(sql: string, rows: Iterable<SqlParams> | AsyncIterable<SqlParams>): Promise<number> {
    const names = [...new Set(Array.from(sql.matchAll(PARAMETER), (match) => match[1]!))];
    const perBatch = Math.max(1, Math.min(MAX_STATEMENTS_PER_BATCH, Math.floor(MAX_PARAMETERS_PER_REQUEST / Math.max(1, names.length))));
    let affected = 0;
    let batch: SqlParams[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const { text, params } = batchStatement(sql, names, batch);
      batch = [];
      affected += await this.execute(text, params);
    };
    for await (const params of rows) {
      batch.push(params);
      if (batch.length >= perBatch) await flush();
    }
    await flush();
    return affected;
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    // A nested call joins the open transaction; its failure rolls back the whole.
    if (this.serial !== undefined) return fn(this);
    const transaction = new this.mssql.Transaction(this.pool);
    try {
      await transaction.begin();
    } catch (error) {
      throw requestError(error, this.description);
    }
    const tx = new MssqlExecutor(this.mssql, this.pool, transaction, this.description, new Serial());
    try {
      const result = await fn(tx);
      await tx.serial!.idle();
      await transaction.commit();
      return result;
    } catch (error) {
      // Let requests still queued by `fn` finish, or the driver refuses the rollback.
      await tx.serial!.idle();
      await transaction.rollback().catch(() => undefined);
      throw error;
    }
  }

  async columns(table: string): Promise<string[] | null> {
    // OBJECT_ID resolves the name as a query would (default schema, then dbo).
    const rows = await this.query<{ name: string }>(
      'SELECT [COLUMN_NAME] AS [name] FROM [INFORMATION_SCHEMA].[COLUMNS] ' +
        'WHERE [TABLE_NAME] = @table AND [TABLE_SCHEMA] = OBJECT_SCHEMA_NAME(OBJECT_ID(@table)) ' +
        'ORDER BY [ORDINAL_POSITION]',
      { table },
    );
    return rows.length === 0 ? null : rows.map((row) => row.name);
  }

  async close(): Promise<void> {
    if (this.serial !== undefined) throw new BobsyncError('internal', 'close() called on a transaction');
    await this.pool.close();
  }

  private request(params: SqlParams | undefined): MssqlRequest {
    const request = new this.mssql.Request(this.parent);
    for (const [name, value] of Object.entries(params ?? {})) request.input(name, this.typeOf(value), value);
    return request;
  }

  private send(sql: string, params: SqlParams | undefined): Promise<{ recordset?: SqlRow[]; rowsAffected: number[] }> {
    const send = async (): Promise<{ recordset?: SqlRow[]; rowsAffected: number[] }> => {
      try {
        return await this.request(params).query(sql);
      } catch (error) {
        throw requestError(error, this.description);
      }
    };
    return this.serial === undefined ? send() : this.serial.run(send);
  }

  private typeOf(value: SqlValue | undefined): MssqlType {
    const { mssql } = this;
    if (value === null || value === undefined || typeof value === 'string') return mssql.NVarChar;
    if (typeof value === 'boolean') return mssql.Bit;
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) return mssql.Float;
      if (value >= -2_147_483_648 && value <= 2_147_483_647) return mssql.Int;
      return Number.isSafeInteger(value) ? mssql.BigInt : mssql.Float;
    }
    if (value instanceof Date) return mssql.DateTime2;
    return mssql.VarBinary;
  }
}

/** The statement repeated once per row, each copy with its own parameter names. */
function batchStatement(sql: string, names: string[], rows: SqlParams[]): { text: string; params: SqlParams } {
  const known = new Set(names);
  const params: SqlParams = {};
  const statements = rows.map((row, index) => {
    for (const name of names) {
      if (!(name in row)) throw new BobsyncError('internal', `executeMany: parameter @${name} is missing from row ${index}`);
      params[`${name}__${index}`] = row[name]!;
    }
    return sql.replace(PARAMETER, (whole, name: string) => (known.has(name) ? `@${name}__${index}` : whole));
  });
  return { text: statements.join(';\n'), params };
}

function sum(values: number[] | undefined): number {
  return (values ?? []).reduce((total, value) => total + value, 0);
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

function errorNumber(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const number = 'number' in error ? error.number : undefined;
  if (typeof number === 'number') return number;
  const original = 'originalError' in error ? error.originalError : undefined;
  return original === error ? undefined : errorNumber(original);
}

function driverMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function connectError(error: unknown, config: BobMssqlConfig, description: string): BobsyncError {
  const code = errorCode(error);
  if (code === 'ELOGIN') {
    return new BobsyncError('unavailable', `SQL Server refused the login for user "${config.user}" on ${description}`, {
      hint:
        `check "bob.user", the password in the environment variable ${config.passwordEnv} ("bob.passwordEnv"), ` +
        `and that this user may open the database "${config.database}" ("bob.database")`,
      cause: error,
    });
  }
  const certificate = /certificate|self[- ]signed/i.test(driverMessage(error));
  return new BobsyncError('unavailable', `cannot reach SQL Server at ${config.server}:${config.port} (${driverMessage(error)})`, {
    hint: certificate
      ? 'the server\'s TLS certificate is not trusted: install a trusted certificate, or set "bob.trustServerCertificate" to true on a trusted network'
      : 'check "bob.server" and "bob.port" in the configuration, the network, and that SQL Server accepts TCP connections',
    cause: error,
  });
}

/** BobsyncErrors for the failures a user can act on; SQL errors (bugs, schema) pass through unchanged. */
function requestError(error: unknown, description: string): unknown {
  if (error instanceof BobsyncError) return error;
  const code = errorCode(error);
  const number = errorNumber(error);
  if (code === 'ETIMEOUT' || (number !== undefined && TRANSIENT_SQL_ERRORS.has(number))) {
    return new BobsyncError('transient', `SQL Server ${description} did not finish a statement in time, or chose it as a deadlock victim`, {
      hint: 'try again; if it keeps happening, check what else is using the database',
      cause: error,
    });
  }
  if (code === 'ESOCKET' || code === 'ECONNCLOSED' || code === 'ECONNRESET' || code === 'ENOCONN') {
    return new BobsyncError('unavailable', `lost the connection to SQL Server ${description} (${driverMessage(error)})`, {
      hint: 'check the network and the server, then run the command again',
      cause: error,
    });
  }
  return error;
}
