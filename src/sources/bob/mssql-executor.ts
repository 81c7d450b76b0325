/**
 * SqlExecutor over `mssql` (tedious) for a production BOB database on SQL Server. `mssql` is loaded
 * on first use, so runs against the embedded database never load it; the small part of its API used
 * here is typed locally below.
 */
import type { Readable } from 'node:stream';
import type { BobMssqlConfig } from '../../config/types.js';
import { BobsyncError } from '../../errors.js';
import { VarcharParam, type ColumnInfo, type SqlCapabilities, type SqlExecutor, type SqlParams, type SqlRow, type SqlValue, type TableName } from './executor.js';

const CONNECT_TIMEOUT_MS = 15_000;
/** Large reads and batched inserts take longer than the driver's default of 15 s. */
const REQUEST_TIMEOUT_MS = 10 * 60_000;
/** SQL Server accepts at most 2100 parameters per request; stay below with room to spare. */
const MAX_PARAMETERS_PER_REQUEST = 2000;
const MAX_STATEMENTS_PER_BATCH = 100;
const CAPABILITIES: SqlCapabilities = { longTextType: 'NVARCHAR(MAX)', schemas: true, sessionLocks: true, lockHints: true };
/** Strings up to this many characters are declared `nvarchar(4000)`, longer ones `nvarchar(max)`: one plan per statement. */
const NVARCHAR_LIMIT = 4000;
/** A named parameter, not a system function (`@@ROWCOUNT`) nor the middle of an e-mail address. */
const PARAMETER = /(?<![@\w])@([A-Za-z_][A-Za-z0-9_]*)/g;
/** SQL Server errors worth retrying: deadlock victim, lock request time-out. */
const TRANSIENT_SQL_ERRORS = new Set([1205, 1222]);
/** Permission denied on an object (229, 230), CREATE TABLE denied (262), no access to the database (916, 4060 at a later login), schema permission (297, 300). */
const PERMISSION_ERRORS = new Set([229, 230, 262, 297, 300, 916]);
/** String or binary data would be truncated (2628 names the column, 8152 does not). */
const TRUNCATION_ERRORS = new Set([2628, 8152]);

// --- the part of the mssql API used here -----------------------------------------------------
type MssqlType = object;
/** A type that takes a length, as mssql's are: `NVarChar` itself or `NVarChar(4000)`. */
type SizedType = MssqlType & ((length: number) => MssqlType);
/** The part of the mssql module used here; tests hand in a stand-in with the same surface. */
export interface MssqlModule {
  ConnectionPool: new (config: Record<string, unknown>) => MssqlPool;
  Request: new (parent: MssqlPool | MssqlTransaction) => MssqlRequest;
  Transaction: new (parent: MssqlPool) => MssqlTransaction;
  MAX: number;
  NVarChar: SizedType;
  VarChar: SizedType;
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
  execute(procedure: string): Promise<{ returnValue?: unknown }>;
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
  const connect = async (connections: number): Promise<MssqlPool> => {
    const pool = new mssql.ConnectionPool(poolConfig(config, password, connections));
    // An idle connection that breaks is reported here; the next request reports it to its caller.
    pool.on('error', () => undefined);
    try {
      await pool.connect();
    } catch (error) {
      throw connectError(error, config, description);
    }
    return pool;
  };
  const pool = await connect(10);
  return new MssqlExecutor(mssql, pool, pool, description, undefined, () => connect(1));
}

/**
 * The pool's configuration: a SQL login (`user`, `password`) or, with `authentication: "ntlm"`,
 * a Windows account of `domain` (mssql passes `domain` to tedious as NTLM authentication).
 */
function poolConfig(config: BobMssqlConfig, password: string, connections: number): Record<string, unknown> {
  // `host\instance` names a named instance; tedious wants it as an option.
  const [server, instanceName] = config.server.split('\\', 2) as [string, string | undefined];
  return {
    server,
    port: instanceName === undefined ? config.port : undefined,
    database: config.database,
    user: config.user,
    password,
    ...(config.authentication === 'ntlm' ? { domain: config.domain ?? '' } : {}),
    connectionTimeout: CONNECT_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    pool: { min: 0, max: connections },
    options: {
      encrypt: config.encrypt,
      trustServerCertificate: config.trustServerCertificate,
      appName: 'bobsync',
      ...(instanceName === undefined ? {} : { instanceName }),
    },
  };
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
    /** A pool of one connection with the same login, for a session lock. */
    private readonly connectOne: () => Promise<MssqlPool>,
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
    const tx = new MssqlExecutor(this.mssql, this.pool, transaction, this.description, new Serial(), this.connectOne);
    let result: T;
    try {
      result = await fn(tx);
      await tx.serial!.idle();
    } catch (error) {
      // Let requests still queued by `fn` finish, or the driver refuses the rollback.
      await tx.serial!.idle();
      await transaction.rollback().catch(() => undefined);
      throw error;
    }
    try {
      await transaction.commit();
    } catch (error) {
      // The server may still have committed (a connection lost after the COMMIT reached it).
      throw commitError(error, this.description);
    }
    return result;
  }

  /**
   * The columns from INFORMATION_SCHEMA.COLUMNS, with identity and computed columns from
   * COLUMNPROPERTY. With a schema, the table is found in it without regard to case (a
   * case-sensitive database spells its names one way: the caller builds its SQL from the names
   * returned); without one, as an unqualified query resolves it (default schema, then dbo).
   */
  async columns(table: string | TableName): Promise<ColumnInfo[] | null> {
    const { schema, name } = typeof table === 'string' ? { schema: undefined, name: table } : table;
    let found: { schema: string; name: string } | undefined;
    if (schema === undefined) {
      const [row] = await this.query<{ schema: unknown; name: unknown }>(
        'SELECT OBJECT_SCHEMA_NAME(OBJECT_ID(@table)) AS [schema], OBJECT_NAME(OBJECT_ID(@table)) AS [name]',
        { table: name },
      );
      if (row !== undefined && typeof row.schema === 'string' && typeof row.name === 'string') found = { schema: row.schema, name: row.name };
    } else {
      const rows = await this.query<{ schema: string; name: string }>(
        'SELECT [TABLE_SCHEMA] AS [schema], [TABLE_NAME] AS [name] FROM [INFORMATION_SCHEMA].[TABLES] ' +
          'WHERE UPPER([TABLE_SCHEMA]) = UPPER(@schema) AND UPPER([TABLE_NAME]) = UPPER(@table)',
        { schema, table: name },
      );
      // Two spellings of one name exist only in a case-sensitive database: take the exact one.
      found = rows.find((row) => row.schema === schema && row.name === name) ?? rows[0];
    }
    if (found === undefined) return null;
    const rows = await this.query<MssqlColumnRow>(
      'SELECT [COLUMN_NAME] AS [name], [DATA_TYPE] AS [type], [CHARACTER_MAXIMUM_LENGTH] AS [maxLength], ' +
        '[IS_NULLABLE] AS [nullable], [COLUMN_DEFAULT] AS [columnDefault], [CHARACTER_SET_NAME] AS [charset], ' +
        '[COLLATION_NAME] AS [collation], ' +
        "COLUMNPROPERTY(OBJECT_ID(@object), [COLUMN_NAME], 'IsIdentity') AS [isIdentity], " +
        "COLUMNPROPERTY(OBJECT_ID(@object), [COLUMN_NAME], 'IsComputed') AS [isComputed] " +
        'FROM [INFORMATION_SCHEMA].[COLUMNS] WHERE [TABLE_SCHEMA] = @schema AND [TABLE_NAME] = @table ORDER BY [ORDINAL_POSITION]',
      { schema: found.schema, table: found.name, object: `[${found.schema.replace(/]/g, ']]')}].[${found.name.replace(/]/g, ']]')}]` },
    );
    return rows.length === 0 ? null : rows.map((row) => mssqlColumn(found.name, row));
  }

  /**
   * `sp_getapplock` with a session owner and no wait, on a pool of one connection of its own: the
   * lock lasts as long as that connection, and the server releases it when the process dies or the
   * network drops it, so a crashed run never blocks the other workstations.
   */
  async holdSessionLock(resource: string): Promise<(() => Promise<void>) | null> {
    const pool = await this.connectOne();
    const call = async (procedure: string, inputs: Array<[string, MssqlType, unknown]>): Promise<number> => {
      const request = new this.mssql.Request(pool);
      for (const [name, type, value] of inputs) request.input(name, type, value);
      try {
        return Number((await request.execute(procedure)).returnValue);
      } catch (error) {
        throw requestError(error, this.description);
      }
    };
    const { mssql } = this;
    const owner: [string, MssqlType, unknown] = ['LockOwner', mssql.VarChar(32), 'Session'];
    const named: [string, MssqlType, unknown] = ['Resource', mssql.NVarChar(255), resource];
    let status: number;
    try {
      status = await call('sp_getapplock', [named, ['LockMode', mssql.VarChar(32), 'Exclusive'], owner, ['LockTimeout', mssql.Int, 0]]);
    } catch (error) {
      await pool.close().catch(() => undefined);
      throw error;
    }
    // 0: granted, 1: granted after a wait; -1 time-out (held by another session), -2 cancelled, -3 deadlock, -999 bad call.
    if (status < 0) {
      await pool.close().catch(() => undefined);
      if (status === -1) return null;
      throw new BobsyncError('internal', `sp_getapplock returned ${status} for ${resource}`);
    }
    return async () => {
      try {
        await call('sp_releaseapplock', [named, owner]);
      } finally {
        await pool.close().catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    if (this.serial !== undefined) throw new BobsyncError('internal', 'close() called on a transaction');
    await this.pool.close();
  }

  private request(params: SqlParams | undefined): MssqlRequest {
    const request = new this.mssql.Request(this.parent);
    for (const [name, value] of Object.entries(params ?? {})) {
      request.input(name, this.typeOf(value), value instanceof VarcharParam ? value.value : value);
    }
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

  /**
   * Text is declared with a fixed size (`nvarchar(4000)`, or `nvarchar(max)` past it; a code
   * bound as `VarcharParam` as `varchar(<column length>)`), never with the length of the value:
   * otherwise every mix of lengths in a batch is a statement of its own to compile and cache.
   */
  private typeOf(value: SqlValue | undefined): MssqlType {
    const { mssql } = this;
    if (value === null || value === undefined) return mssql.NVarChar(NVARCHAR_LIMIT);
    if (typeof value === 'string') return mssql.NVarChar(value.length > NVARCHAR_LIMIT ? mssql.MAX : NVARCHAR_LIMIT);
    if (value instanceof VarcharParam) return mssql.VarChar(value.length);
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

interface MssqlColumnRow {
  [column: string]: unknown;
  name: string;
  type: string;
  maxLength: number | null;
  nullable: string;
  columnDefault: string | null;
  charset: string | null;
  collation: string | null;
  isIdentity: number | null;
  isComputed: number | null;
}

function mssqlColumn(table: string, row: MssqlColumnRow): ColumnInfo {
  const type = String(row.type).toLowerCase();
  const text = ['char', 'varchar', 'nchar', 'nvarchar', 'text', 'ntext'].includes(type);
  const charset = String(row.charset ?? '').toUpperCase();
  return {
    table,
    name: row.name,
    type,
    // -1: MAX.
    maxLength: text && typeof row.maxLength === 'number' && row.maxLength > 0 ? row.maxLength : null,
    nullable: String(row.nullable).toUpperCase() === 'YES',
    hasDefault: row.columnDefault !== null && row.columnDefault !== undefined,
    identity: Number(row.isIdentity) === 1,
    // A rowversion is filled by the server like a computed column.
    computed: Number(row.isComputed) === 1 || type === 'timestamp' || type === 'rowversion',
    caseSensitive: row.collation === null || row.collation === undefined ? null : /_CS_|_BIN2?$|_BIN_/i.test(String(row.collation)),
    charset: !text ? null : charset === 'UNICODE' || charset === 'UTF8' ? 'unicode' : charset === 'ISO_1' || charset === 'CP1252' ? 'cp1252' : 'ascii',
  };
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
    const ntlm = config.authentication === 'ntlm';
    const who = ntlm ? `Windows account "${config.domain ?? ''}\\${config.user}"` : `SQL login "${config.user}"`;
    return new BobsyncError('unavailable', `SQL Server refused the ${who} on ${description}`, {
      hint: ntlm
        ? `check "bob.domain", "bob.user", the password in the environment variable ${config.passwordEnv} ("bob.passwordEnv"), ` +
          `and that this account has a login on the server and a user in the database "${config.database}" ("bob.database")`
        : `check "bob.user", the password in the environment variable ${config.passwordEnv} ("bob.passwordEnv"), ` +
          `and that this user may open the database "${config.database}" ("bob.database"); a default SQL Server install accepts ` +
          'only Windows logins: enable SQL Server and Windows authentication mode on the server, or set "bob.authentication" to "ntlm" with "bob.domain"',
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

/** A failed COMMIT: whether the server committed is unknown, and a rerun finds out. */
function commitError(error: unknown, description: string): BobsyncError {
  const mapped = requestError(error, description);
  if (mapped instanceof BobsyncError) return mapped;
  return new BobsyncError('unavailable', `SQL Server ${description} did not confirm a COMMIT (${driverMessage(error)})`, {
    hint: 'check the connection and the server, then run the same command again: a rerun finds what was committed and does not do it twice',
    cause: error,
  });
}

/** BobsyncErrors for the failures a user can act on; SQL errors (bugs, schema) pass through unchanged. */
function requestError(error: unknown, description: string): unknown {
  if (error instanceof BobsyncError) return error;
  const code = errorCode(error);
  const number = errorNumber(error);
  if (number !== undefined && PERMISSION_ERRORS.has(number)) {
    return new BobsyncError('unavailable', `SQL Server ${description} refused a statement for lack of rights (${driverMessage(error)})`, {
      hint:
        'run the first time as a member of db_owner (it creates the state tables), or grant this login CREATE TABLE on the database, ' +
        'ALTER on the schema of the state tables, SELECT on BOB\'s tables, INSERT on AC_COMPAN and AC_CONTACT, and SELECT, INSERT, UPDATE, DELETE on the state tables',
      cause: error,
    });
  }
  if (number !== undefined && TRUNCATION_ERRORS.has(number)) {
    const where = /in table '([^']*)', column '([^']*)'/.exec(driverMessage(error));
    return new BobsyncError('bad-input', `SQL Server ${description} refused a value longer than its column${where === null ? '' : ` ${where[2]} of table ${where[1]}`}`, {
      hint: 'run bobsync analyse again: the proposal fits values to the columns it finds; if it happens again, report it with --verbose',
      cause: error,
    });
  }
  if (code === 'ELOGIN' || number === 18456 || number === 18486 || number === 18487 || number === 18488) {
    return new BobsyncError('unavailable', `SQL Server ${description} refused the login of a new connection (${driverMessage(error)})`, {
      hint: 'the password may have changed or the account may be locked or expired: check the login, then run the same command again',
      cause: error,
    });
  }
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
