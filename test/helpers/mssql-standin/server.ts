/**
 * The stand-in's server: one in-memory SQLite database behind every pool and connection of a
 * stand-in, running T-SQL batches the way SQL Server runs what mssql sends (sp_executesql):
 * the 2,100-parameter limit, a batch parsed whole before anything runs, errors that end the
 * statement or the batch, DONE counts unless NOCOUNT is on, recordsets per SELECT.
 *
 * One transaction at a time: SQLite has one connection here, so while a transaction is open a
 * request of another connection waits for it to end (up to `lockTimeoutMs`, then a tedious-like
 * ETIMEOUT). SQL Server would only make it wait for rows the transaction has locked.
 */
import Database from 'better-sqlite3';
import { Catalog, type KeyMeta, type TableMeta } from './catalog.js';
import { compileStatement, formatKey, keyFunction, type Compiled, type WriteProbe } from './compile.js';
import { RequestError, serverError, StandinUnsupportedError, StatementFailure } from './errors.js';
import { parseBatch, type Statement } from './parser.js';
import { isText, type Collation, type SqlType } from './sql-types.js';
import { parseDateTime, readValue, storeValue, type StoredValue, type StoreOptions } from './values.js';
import type { OutputColumn } from './compile.js';

export interface StandinOptions {
  /** Database collation: Latin1_General_CI_AS (default) or Latin1_General_CS_AS. */
  collation?: Collation;
  /** SET NOCOUNT ON as the server's `user options` (bit 512): no DONE counts, `rowsAffected` is `[]`. */
  nocount?: boolean;
  /** 1252 (Latin1 collations, default) or 65001 (a _UTF8 collation: nothing is lost, lengths count bytes). */
  varcharCodePage?: 1252 | 65001;
  /** NVARCHAR → VARCHAR with Windows' best-fit letters (default, as SQL Server), or every missing character as `?`. */
  varcharBestFit?: boolean;
  /** 2628 (SQL Server 2019+ at compatibility level 150, default) or the older 8152. */
  truncationError?: 2628 | 8152;
  /** The database name in messages (`'BOBTEST.dbo.T'`); default the first pool's `database`. */
  database?: string;
  /** How long a request waits for another connection's open transaction. Default 5000. */
  lockTimeoutMs?: number;
  /** Make `pool.connect()` fail as tedious does for a refused login, a refused socket or a connect timeout. */
  connectError?: 'ELOGIN' | 'ESOCKET' | 'ETIMEOUT';
  /** Record every request in `requests` (text, parameter declarations, transaction, stream mode). */
  log?: boolean;
  /**
   * A database file shared by the stand-ins of several processes (two "workstations"), instead of
   * one in memory: the catalog is read again when another process changed it, a transaction takes
   * SQLite's write lock (BEGIN IMMEDIATE), and application locks are rows keyed by session.
   */
  file?: string;
}

export interface RequestLogEntry {
  sql: string;
  parameters: Array<{ name: string; declaration: string }>;
  transaction: boolean;
  stream: boolean;
}

/** A parameter after tedious's validation: its T-SQL type and the value the server receives. */
export interface ParamInput {
  name: string;
  type: SqlType;
  value: StoredValue;
  /** A value longer than its declared length (TDS type id for 8016). */
  oversized?: number;
}

export type BatchItem =
  | { kind: 'recordset'; columns: OutputColumn[]; rows: unknown[][] }
  | { kind: 'done'; count: number | undefined }
  | { kind: 'error'; error: RequestError };

interface Turn {
  owner: object;
  done: Promise<void>;
  release(): void;
  ddl: boolean;
}

interface Prepared {
  compiled: Compiled;
  statement: Database.Statement | null;
}

const NULL_KEY = '\u0000NULL\u0000';
const STATEMENT_SAVEPOINT = 'bsy_statement';

export class StandinServer {
  readonly db: Database.Database;
  readonly catalog: Catalog;
  readonly options: Required<Omit<StandinOptions, 'database' | 'connectError' | 'file'>> & Pick<StandinOptions, 'connectError' | 'file'> & { database: string };
  readonly requests: RequestLogEntry[] = [];
  private readonly parsed = new Map<string, Statement[] | StatementFailure>();
  private readonly prepared = new Map<string, Prepared>();
  private readonly paramsOf = new WeakMap<Statement, string[]>();
  private turn: Turn | null = null;
  private databaseFixed: boolean;

  constructor(options: StandinOptions = {}) {
    this.options = {
      collation: options.collation ?? 'CI',
      nocount: options.nocount ?? false,
      varcharCodePage: options.varcharCodePage ?? 1252,
      varcharBestFit: options.varcharBestFit ?? true,
      truncationError: options.truncationError ?? 2628,
      database: options.database ?? 'master',
      lockTimeoutMs: options.lockTimeoutMs ?? 5000,
      connectError: options.connectError,
      log: options.log ?? false,
      file: options.file,
    };
    this.databaseFixed = options.database !== undefined;
    this.db = new Database(options.file ?? ':memory:', { timeout: this.options.lockTimeoutMs });
    if (options.file !== undefined) this.db.pragma('journal_mode = WAL');
    this.registerFunctions();
    this.catalog = new Catalog(this.db, {
      collation: this.options.collation,
      collationName: this.collationName,
      database: this.options.database,
      varcharCodePage: this.options.varcharCodePage,
    });
    // The catalog is read as of now: a later commit by another process's stand-in changes this.
    if (options.file !== undefined) this.dataVersion = this.db.pragma('data_version', { simple: true }) as number;
  }

  get collationName(): string {
    const cs = this.options.collation === 'CS' ? 'CS' : 'CI';
    return this.options.varcharCodePage === 65001 ? `Latin1_General_100_${cs}_AS_SC_UTF8` : `Latin1_General_${cs}_AS`;
  }

  /** The first pool's database names the database in messages, unless the options did. */
  noteDatabase(database: unknown): void {
    if (this.databaseFixed || typeof database !== 'string' || database === '') return;
    this.options.database = database;
    (this.catalog.options as { database: string }).database = database;
    this.databaseFixed = true;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // --- application locks (sp_getapplock with @LockOwner = 'Session') ----------------------------

  /**
   * `sp_getapplock @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0`: 0 when
   * granted (or already held by this session), -1 when another live session holds it. A session is
   * a pool of this stand-in; its locks go when the pool closes, and when its process is gone (the
   * server notices a dead connection): locks of processes that no longer run are dropped first.
   */
  getAppLock(resource: string, session: string): number {
    return this.db.transaction(() => {
      this.dropLocksOfDeadProcesses();
      const holder = this.db.prepare('SELECT "session" FROM "__applocks" WHERE "resource" = ?').pluck().get(this.lockKey(resource)) as string | undefined;
      if (holder !== undefined && holder !== session) return -1;
      if (holder === undefined) this.db.prepare('INSERT INTO "__applocks" VALUES (?, ?, ?)').run(this.lockKey(resource), session, process.pid);
      return 0;
    }).immediate();
  }

  /** `sp_releaseapplock`: 0 when released, -999 when this session did not hold it (SQL Server raises 1223 too). */
  releaseAppLock(resource: string, session: string): number {
    const { changes } = this.db.prepare('DELETE FROM "__applocks" WHERE "resource" = ? AND "session" = ?').run(this.lockKey(resource), session);
    return changes > 0 ? 0 : -999;
  }

  /** The session's connection ended: the server releases its session locks. */
  endSession(session: string): void {
    if (this.db.open) this.db.prepare('DELETE FROM "__applocks" WHERE "session" = ?').run(session);
  }

  /** Lock resources compare without case, as sp_getapplock's do (they are nvarchar(255) under the database collation). */
  private lockKey(resource: string): string {
    return this.options.collation === 'CS' ? resource : resource.toLowerCase();
  }

  private dropLocksOfDeadProcesses(): void {
    const pids = this.db.prepare('SELECT DISTINCT "pid" FROM "__applocks"').pluck().all() as number[];
    for (const pid of pids) {
      if (!processRuns(pid)) this.db.prepare('DELETE FROM "__applocks" WHERE "pid" = ?').run(pid);
    }
  }

  /** In a shared file, another process may have created or dropped tables: read the catalog again. */
  refresh(): void {
    if (this.options.file === undefined || this.turn !== null) return;
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) {
      this.catalog.reload();
      this.dataVersion = version;
    }
  }

  private dataVersion = -1;

  // --- turns and transactions ------------------------------------------------------------------

  /** Runs `fn` once no other connection's transaction is open (see the file comment). */
  async whenFree<T>(owner: object | null, fn: () => T): Promise<T> {
    const deadline = Date.now() + this.options.lockTimeoutMs;
    for (;;) {
      const turn = this.turn;
      if (turn === null || turn.owner === owner) return fn();
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const timeout = Object.assign(
          new Error(`Timeout: Request failed to complete in ${this.options.lockTimeoutMs}ms (mssql stand-in: another connection's transaction stayed open)`),
          { code: 'ETIMEOUT' },
        );
        throw new RequestError(timeout, 'EREQUEST');
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([turn.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, remaining)))]);
      clearTimeout(timer);
    }
  }

  async begin(owner: object): Promise<void> {
    await this.whenFree(owner, () => {
      let release = (): void => undefined;
      const done = new Promise<void>((resolve) => (release = resolve));
      this.refresh();
      // In a shared file, the write lock of SQLite stands for the locks SQL Server would take.
      this.db.exec(this.options.file === undefined ? 'BEGIN' : 'BEGIN IMMEDIATE');
      this.turn = { owner, done, release, ddl: false };
    });
  }

  commit(owner: object): void {
    this.endTurn(owner, 'COMMIT');
  }

  rollback(owner: object): void {
    this.endTurn(owner, 'ROLLBACK');
  }

  inTransaction(owner: object | null): boolean {
    return owner !== null && this.turn?.owner === owner;
  }

  private endTurn(owner: object, sql: 'COMMIT' | 'ROLLBACK'): void {
    const turn = this.turn;
    if (turn === null || turn.owner !== owner) throw new Error('mssql stand-in: the transaction is not open');
    try {
      this.db.exec(sql);
      if (sql === 'ROLLBACK' && turn.ddl) this.catalog.reload();
    } finally {
      this.turn = null;
      turn.release();
    }
  }

  // --- batches ---------------------------------------------------------------------------------

  /** Runs a batch as sp_executesql would; synchronous, so call it through `whenFree`. */
  run(sql: string, params: ParamInput[], owner: object | null): BatchItem[] {
    this.refresh();
    // sp_executesql takes two of the 2,100 RPC parameters: the statement and the declarations.
    if (params.length + 2 > 2100) {
      return [{ kind: 'error', error: serverError(8003, 'The incoming request has too many parameters. The server supports a maximum of 2100 parameters. Reduce the number of parameters and resend the request.') }];
    }
    const oversized = params.findIndex((param) => param.oversized !== undefined);
    if (oversized >= 0) {
      const param = params[oversized]!;
      const typeId = `0x${param.oversized!.toString(16).toUpperCase()}`;
      return [{ kind: 'error', error: serverError(8016, `The incoming tabular data stream (TDS) remote procedure call (RPC) protocol stream is incorrect. Parameter ${oversized + 3} ("@${param.name}"): Data type ${typeId} has an invalid data length or metadata length.`) }];
    }
    const statements = this.parse(sql);
    if (statements instanceof StatementFailure) return [{ kind: 'error', error: statements.toRequestError(1) }];
    const byName = new Map<string, ParamInput>();
    for (const param of params) byName.set(this.paramKey(param.name), param);
    // The batch is compiled whole: an undeclared variable anywhere stops it before it runs.
    for (const statement of statements) {
      for (const name of this.statementParams(statement)) {
        if (!byName.has(this.paramKey(name))) {
          return [{ kind: 'error', error: serverError(137, `Must declare the scalar variable "@${name}".`, { class: 15, state: 2, lineNumber: statement.line }) }];
        }
      }
    }
    const items: BatchItem[] = [];
    let nocount = this.options.nocount;
    let rowcount = 0;
    for (const statement of statements) {
      let prepared: Prepared | undefined;
      let savepoint = false;
      try {
        prepared = this.prepare(statement, byName);
        const { compiled } = prepared;
        const bind = (): Record<string, StoredValue> => this.bindings(compiled, byName, rowcount, owner);
        if (compiled.kind === 'set') {
          nocount = compiled.nocount;
          rowcount = 0;
          items.push({ kind: 'done', count: undefined });
          continue;
        }
        if (compiled.kind === 'select') {
          const rows = prepared.statement!.all(bind()) as unknown[][];
          const converted = rows.map((row) => row.map((value, index) => readValue(value, compiled.columns[index]!.type)));
          items.push({ kind: 'recordset', columns: compiled.columns, rows: converted });
          rowcount = rows.length;
          items.push({ kind: 'done', count: nocount ? undefined : rowcount });
          continue;
        }
        this.db.exec(`SAVEPOINT ${STATEMENT_SAVEPOINT}`);
        savepoint = true;
        if (compiled.kind === 'ddl') {
          if (this.turn !== null) this.turn.ddl = true;
          compiled.apply();
          rowcount = 0;
          items.push({ kind: 'done', count: undefined });
        } else {
          const bound = bind();
          try {
            rowcount = prepared.statement!.run(bound).changes;
          } catch (error) {
            throw this.duplicateKey(error, compiled, bound) ?? error;
          }
          items.push({ kind: 'done', count: nocount ? undefined : rowcount });
        }
        this.db.exec(`RELEASE ${STATEMENT_SAVEPOINT}`);
      } catch (error) {
        if (savepoint) {
          this.db.exec(`ROLLBACK TO ${STATEMENT_SAVEPOINT}`);
          this.db.exec(`RELEASE ${STATEMENT_SAVEPOINT}`);
          if (prepared?.compiled.kind === 'ddl') this.catalog.reload();
        }
        if (error instanceof StatementFailure) {
          items.push({ kind: 'error', error: error.toRequestError(statement.line) });
          if (error.scope === 'batch') break;
          rowcount = 0;
          continue;
        }
        if (error instanceof StandinUnsupportedError) throw error;
        throw new StandinUnsupportedError(`SQLite could not run the translation of "${statement.text.slice(0, 200)}": ${(error as Error).message}`);
      }
    }
    return items;
  }

  private parse(sql: string): Statement[] | StatementFailure {
    let statements = this.parsed.get(sql);
    if (statements === undefined) {
      try {
        statements = parseBatch(sql);
      } catch (error) {
        if (!(error instanceof StatementFailure)) throw error;
        statements = error;
      }
      if (this.parsed.size > 500) this.parsed.clear();
      this.parsed.set(sql, statements);
    }
    return statements;
  }

  private paramKey(name: string): string {
    return this.options.collation === 'CS' ? name : name.toLowerCase();
  }

  /** The parameter names a statement uses, found by walking its syntax tree. */
  private statementParams(statement: Statement): string[] {
    let names = this.paramsOf.get(statement);
    if (names === undefined) {
      const found = new Set<string>();
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (typeof node === 'object' && node !== null) {
          const record = node as Record<string, unknown>;
          if (record.kind === 'param' && typeof record.name === 'string') found.add(record.name);
          else for (const value of Object.values(record)) walk(value);
        }
      };
      walk(statement);
      names = [...found];
      this.paramsOf.set(statement, names);
    }
    return names;
  }

  private prepare(statement: Statement, params: Map<string, ParamInput>): Prepared {
    const signature = this.statementParams(statement)
      .map((name) => {
        const type = params.get(this.paramKey(name))!.type;
        return `${name}:${type.kind}`;
      })
      .join(',');
    const key = `${this.catalog.generation}\u0001${signature}\u0001${statement.text}`;
    const cached = this.prepared.get(key);
    if (cached !== undefined) return cached;
    const compiled = compileStatement(statement, {
      db: this.db,
      catalog: this.catalog,
      collation: this.options.collation,
      collationName: this.collationName,
      database: this.options.database,
      varcharCodePage: this.options.varcharCodePage,
      paramType: (name) => params.get(this.paramKey(name))?.type,
    });
    let prepared: Database.Statement | null = null;
    try {
      if (compiled.kind === 'select') prepared = this.db.prepare(compiled.sql).raw(true);
      else if (compiled.kind === 'write') prepared = this.db.prepare(compiled.sql);
    } catch (error) {
      throw new StandinUnsupportedError(`SQLite rejected the translation of "${statement.text.slice(0, 200)}": ${(error as Error).message}`);
    }
    const entry = { compiled, statement: prepared };
    if (compiled.kind !== 'ddl') {
      if (this.prepared.size > 5000) this.prepared.clear();
      this.prepared.set(key, entry);
    }
    return entry;
  }

  private bindings(compiled: Compiled, params: Map<string, ParamInput>, rowcount: number, owner: object | null): Record<string, StoredValue> {
    const bound: Record<string, StoredValue> = {};
    if (compiled.kind !== 'select' && compiled.kind !== 'write') return bound;
    compiled.bindings.forEach((binding, index) => {
      if (binding.kind === 'param') bound[`b${index}`] = params.get(this.paramKey(binding.name))!.value;
      else bound[`b${index}`] = binding.name === 'ROWCOUNT' ? rowcount : this.inTransaction(owner) ? 1 : 0;
    });
    return bound;
  }

  // --- keys ------------------------------------------------------------------------------------

  /** SQLite's unique-index error as SQL Server's 2627 / 2601, naming the duplicate key value. */
  private duplicateKey(error: unknown, compiled: Compiled, bound: Record<string, StoredValue>): StatementFailure | undefined {
    if (compiled.kind !== 'write' || (error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
    const internal = /index '([^']+)'/.exec((error as Error).message)?.[1];
    const key = compiled.table.keys.find((candidate) => candidate.internal === internal);
    if (key === undefined) return undefined;
    const value = compiled.probe === null ? '?' : this.findDuplicate(compiled.table, key, compiled.probe, bound);
    const object = `dbo.${compiled.table.name}`;
    if (key.kind === 'INDEX') {
      return new StatementFailure(2601, `Cannot insert duplicate key row in object '${object}' with unique index '${key.name}'. The duplicate key value is (${value}).`, 'statement', 14);
    }
    const kind = key.kind === 'PRIMARY KEY' ? 'PRIMARY KEY' : 'UNIQUE KEY';
    return new StatementFailure(2627, `Violation of ${kind} constraint '${key.name}'. Cannot insert duplicate key in object '${object}'. The duplicate key value is (${value}).`, 'statement', 14);
  }

  /** The first new key value that is already there (or twice among the new ones), as the message shows it. */
  private findDuplicate(table: TableMeta, key: KeyMeta, probe: WriteProbe, bound: Record<string, StoredValue>): string {
    let candidates: unknown[][];
    try {
      candidates = this.db.prepare(probe.candidatesSql).raw(true).all(bound) as unknown[][];
    } catch {
      return '?';
    }
    const positions = key.columns.map((column) => probe.keyColumns.indexOf(column));
    const collations = key.columns.map((column) => {
      const type = table.columns[column]!.type;
      return isText(type) ? (type.collation ?? this.options.collation) : 'CS';
    });
    const normalise = (value: unknown, index: number): unknown => {
      if (value === null) return NULL_KEY;
      if (typeof value !== 'string') return value;
      const trimmed = value.replace(/ +$/, '');
      return collations[index] === 'CI' ? trimmed.toLowerCase() : trimmed;
    };
    const conditions = key.columns.map((column, index) => {
      const f = keyFunction(collations[index]!);
      return `${f}("${table.columns[column]!.internal}") = ${f}(@k${index})`;
    });
    const exists = this.db.prepare(
      `SELECT 1 FROM "${table.internal}" WHERE ${conditions.join(' AND ')}` +
        `${key.whereSql === null ? '' : ` AND (${key.whereSql})`}${probe.changingSql === null ? '' : ` AND NOT (${probe.changingSql})`} LIMIT 1`,
    );
    const filtered = key.whereSql === null
      ? null
      : this.db.prepare(`SELECT (${key.whereSql}) FROM (SELECT ${key.columns.map((column, index) => `@k${index} AS "${table.columns[column]!.internal}"`).join(', ')})`).pluck();
    const seen = new Set<string>();
    for (const candidate of candidates) {
      const values = positions.map((position) => candidate[position] ?? null) as StoredValue[];
      const keyBinding: Record<string, StoredValue> = { ...bound };
      values.forEach((value, index) => (keyBinding[`k${index}`] = value));
      if (filtered !== null) {
        try {
          if (!filtered.get(keyBinding)) continue;
        } catch {
          // A filter over other columns: count the row in.
        }
      }
      const normalised = JSON.stringify(values.map(normalise));
      if (seen.has(normalised) || exists.get(keyBinding) !== undefined) return formatKey(values);
      seen.add(normalised);
    }
    return '?';
  }

  // --- functions the translations call ---------------------------------------------------------

  private registerFunctions(): void {
    const db = this.db;
    const trimEnd = (text: string): string => text.replace(/ +$/, '');
    const ci = (value: unknown): unknown => (typeof value === 'string' ? trimEnd(value).toLowerCase() : value);
    const cs = (value: unknown): unknown => (typeof value === 'string' ? trimEnd(value) : value);
    db.function('bsy_ck_ci', { deterministic: true }, ci as never);
    db.function('bsy_ck_cs', { deterministic: true }, cs as never);
    db.function('bsy_key_ci', { deterministic: true }, ((value: unknown) => (value === null ? NULL_KEY : ci(value))) as never);
    db.function('bsy_key_cs', { deterministic: true }, ((value: unknown) => (value === null ? NULL_KEY : cs(value))) as never);
    // T-SQL's UPPER and LOWER keep the length ('ß' stays 'ß').
    const sameLength = (change: (char: string) => string) => (value: unknown) =>
      typeof value === 'string' ? [...value].map((char) => (change(char).length === char.length ? change(char) : char)).join('') : value;
    db.function('bsy_upper', { deterministic: true }, sameLength((char) => char.toUpperCase()) as never);
    db.function('bsy_lower', { deterministic: true }, sameLength((char) => char.toLowerCase()) as never);
    db.function('bsy_store', ((value: StoredValue, objectId: number, index: number, verb: string) => {
      const table = this.catalog.byId(objectId)!;
      const column = table.columns[index]!;
      const options: StoreOptions = this.options;
      return storeValue(value, { table: table.name, column: column.name, type: column.type, nullable: column.nullable }, verb, options);
    }) as never);
    db.function('bsy_to_number', { deterministic: true }, ((value: unknown) => {
      if (value === null || typeof value === 'number' || typeof value === 'bigint') return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      throw new StatementFailure(245, `Conversion failed when converting the nvarchar value '${String(value)}' to data type int.`, 'batch');
    }) as never);
    db.function('bsy_to_date', { deterministic: true }, ((value: unknown) => {
      if (value === null) return null;
      const date = typeof value === 'string' ? parseDateTime(value) : null;
      if (date === null) throw new StatementFailure(241, 'Conversion failed when converting date and/or time from character string.', 'batch');
      return date;
    }) as never);
    db.function('bsy_nonzero', { deterministic: true }, ((value: unknown) => {
      if (value === 0 || value === 0n) throw new StatementFailure(8134, 'Divide by zero error encountered.', 'statement');
      return value;
    }) as never);
    db.function('bsy_object_id', { varargs: true }, ((name: unknown, type?: unknown) => {
      if (typeof name !== 'string') return null;
      const parts = splitName(name);
      if (parts === null || parts.some((part) => part.startsWith('#'))) return null;
      const table = this.catalog.resolve(parts);
      if (table === undefined) return null;
      if (typeof type === 'string' && type.trim() !== '') {
        const wanted = type.trim().toUpperCase();
        if (wanted === 'U' ? table.system : wanted !== 'V' || !table.system) return null;
      }
      return table.objectId;
    }) as never);
    db.function('bsy_object_schema_name', ((id: unknown) => (typeof id === 'number' ? (this.catalog.byId(id)?.schema ?? null) : null)) as never);
    db.function('bsy_object_name', ((id: unknown) => (typeof id === 'number' ? (this.catalog.byId(id)?.name ?? null) : null)) as never);
    db.function('bsy_schema_name', ((id: unknown) => (id === 1 ? 'dbo' : null)) as never);
    db.function('bsy_columnproperty', ((id: unknown, name: unknown, property: unknown) => {
      const table = typeof id === 'number' ? this.catalog.byId(id) : undefined;
      const column = table?.columns.find((candidate) => typeof name === 'string' && this.catalog.sameName(candidate.name, name));
      if (column === undefined || typeof property !== 'string') return null;
      switch (property.toLowerCase()) {
        case 'allowsnull': return column.nullable ? 1 : 0;
        case 'isidentity': return 0;
        case 'iscomputed': return 0;
        default: throw new StandinUnsupportedError(`COLUMNPROPERTY(…, '${property}') is not emulated`);
      }
    }) as never);
  }
}

/** Whether a process of this machine with this id runs (signal 0 tests without sending anything). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `dbo.T`, `[dbo].[T]`, `T` → its parts, or null when it is not a name. */
function splitName(text: string): string[] | null {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) return null;
      parts.push(text.slice(i + 1, close));
      i = close + 1;
    } else {
      const dot = text.indexOf('.', i);
      const end = dot < 0 ? text.length : dot;
      parts.push(text.slice(i, end).trim());
      i = end;
    }
    if (i < text.length) {
      if (text[i] !== '.') return null;
      i++;
    }
  }
  return parts.length === 0 || parts.length > 3 ? null : parts;
}
