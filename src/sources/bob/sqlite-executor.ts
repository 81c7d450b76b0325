/**
 * SqlExecutor over better-sqlite3 (the embedded BOB database and state store). better-sqlite3 is
 * synchronous and has one connection, so a transaction spanning awaits is guarded here: while one
 * async flow holds a transaction, calls from other flows wait until it ends (AsyncLocalStorage tells
 * the flows apart), instead of silently joining it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { BobsyncError } from '../../errors.js';
import { VarcharParam, type ColumnInfo, type RawBatch, type SqlCapabilities, type SqlExecutor, type SqlParams, type SqlRow, type SqlValue, type TableName } from './executor.js';

/** How long a statement waits for another process's write lock before giving up. */
const BUSY_TIMEOUT_MS = 10_000;
/** Rows read between two turns of the event loop while iterating, so other I/O is not starved. */
const ROWS_PER_TURN = 1_000;
const STATEMENT_CACHE_SIZE = 100;
const CAPABILITIES: SqlCapabilities = { longTextType: 'TEXT' };

export interface SqliteOpenOptions {
  /** Create the file when it is missing (default false: a missing file is an error). */
  create?: boolean;
  readonly?: boolean;
}

type BoundValue = string | number | bigint | Buffer | null;
type Statement = Database.Statement<unknown[], unknown>;

/** Opens a SQLite database file as a SqlExecutor (WAL journal, busy timeout). */
export function openSqliteExecutor(file: string, options: SqliteOpenOptions = {}): SqlExecutor {
  const create = options.create ?? false;
  const readonly = options.readonly ?? false;
  if (!create && !existsSync(file)) {
    throw new BobsyncError('missing-input', `BOB database not found: ${file}`, {
      hint: 'check "bob.file" in the configuration or run `bobsync demo`',
    });
  }
  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: !create, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw translateSqliteError(error, file) ?? new BobsyncError('unavailable', `cannot open the SQLite database ${file}`, {
      hint: 'check that the path is a file you may read (and write)',
      cause: error,
    });
  }
  try {
    // The first pragma reads the file header: this is where a file that is not SQLite is noticed.
    if (readonly) db.pragma('schema_version');
    else {
      db.pragma('journal_mode = WAL');
      // With WAL, NORMAL survives a crash of the process (only a power cut may lose the last
      // commits) and spares an fsync per journal write.
      db.pragma('synchronous = NORMAL');
    }
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (error) {
    db.close();
    throw translateSqliteError(error, file) ?? error;
  }
  return new SqliteExecutor(new SqliteConnection(db, file), false);
}

/** The single better-sqlite3 connection shared by an executor and its transactions. */
class SqliteConnection {
  private readonly flow = new AsyncLocalStorage<symbol>();
  private active: { token: symbol; done: Promise<void> } | null = null;
  private readonly statements = new Map<string, Statement>();
  closed = false;

  constructor(
    readonly db: Database.Database,
    readonly file: string,
  ) {}

  /** True when the caller runs inside the transaction that is open now. */
  insideTransaction(): boolean {
    return this.active !== null && this.flow.getStore() === this.active.token;
  }

  /** True when the caller may use the connection now: no other flow holds a transaction. */
  free(): boolean {
    return this.active === null || this.flow.getStore() === this.active.token;
  }

  /**
   * Resolves when the transaction open now ends. Callers loop `while (!free()) await turn()` and
   * then act in the same synchronous step: an `await` between the check and the act would let
   * another flow begin a transaction in the gap.
   */
  async turn(): Promise<void> {
    if (this.active !== null) await this.active.done;
  }

  /** Waits until no other flow holds a transaction (for close()). */
  async gate(): Promise<void> {
    while (!this.free()) await this.turn();
    if (this.closed) throw new BobsyncError('internal', `the database ${this.file} is already closed`);
  }

  prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    // A statement still iterating for another flow cannot run again: that call gets its own.
    if (statement?.busy === true) return this.run(() => this.db.prepare(sql));
    if (statement === undefined) {
      statement = this.run(() => this.db.prepare(sql));
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs a synchronous driver call, turning the errors a user can act on into BobsyncErrors. */
  run<T>(call: () => T): T {
    try {
      return call();
    } catch (error) {
      throw translateSqliteError(error, this.file) ?? error;
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    while (!this.free()) await this.turn();
    if (this.closed) throw new BobsyncError('internal', `the database ${this.file} is already closed`);
    let release = (): void => undefined;
    const token = Symbol('transaction');
    this.active = { token, done: new Promise<void>((resolve) => (release = resolve)) };
    try {
      // IMMEDIATE takes the write lock now (waiting up to the busy timeout for another process),
      // so the transaction cannot fail half-way on a lock upgrade.
      this.run(() => this.db.exec('BEGIN IMMEDIATE'));
      try {
        const result = await this.flow.run(token, fn);
        this.run(() => this.db.exec('COMMIT'));
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.active = null;
      release();
    }
  }
}

class SqliteExecutor implements SqlExecutor {
  readonly capabilities = CAPABILITIES;
  readonly description: string;

  constructor(
    private readonly connection: SqliteConnection,
    /** True for the `tx` handed to a transaction's callback. */
    private readonly inTransaction: boolean,
  ) {
    this.description = connection.file;
  }

  async query<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): Promise<T[]> {
    while (!this.ready()) await this.connection.turn();
    const statement = this.connection.prepare(sql);
    return this.connection.run(() => statement.all(bindParams(params)) as T[]);
  }

  async *iterate<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): AsyncIterable<T> {
    while (!this.ready()) await this.connection.turn();
    const statement = this.connection.prepare(sql);
    if (this.inTransaction || this.connection.insideTransaction()) {
      // An open iterator blocks every write on the connection; inside a transaction the loop body
      // usually writes, so the rows are read first.
      yield* this.connection.run(() => statement.all(bindParams(params)) as T[]);
      return;
    }
    const rows = this.connection.run(() => statement.iterate(bindParams(params)) as IterableIterator<T>);
    let count = 0;
    for (const row of rows) {
      yield row;
      if (++count % ROWS_PER_TURN === 0) await nextTurn();
    }
  }

  async *iterateRawBatches(sql: string, params: SqlParams | undefined, size: number): AsyncIterable<RawBatch> {
    while (!this.ready()) await this.connection.turn();
    // A statement of its own: raw mode would otherwise stick to the cached one.
    const statement = this.connection.run(() => this.connection.db.prepare(sql).raw(true));
    const columns = statement.columns().map((column) => column.name);
    if (this.inTransaction || this.connection.insideTransaction()) {
      const all = this.connection.run(() => statement.all(bindParams(params)) as unknown[][]);
      for (let i = 0; i < all.length; i += size) yield { columns, rows: all.slice(i, i + size) };
      return;
    }
    const rows = this.connection.run(() => statement.iterate(bindParams(params)) as IterableIterator<unknown[]>);
    let batch: unknown[][] = [];
    for (const row of rows) {
      batch.push(row);
      if (batch.length >= size) {
        yield { columns, rows: batch };
        batch = [];
        await nextTurn();
      }
    }
    if (batch.length > 0) yield { columns, rows: batch };
  }

  async execute(sql: string, params?: SqlParams): Promise<number> {
    while (!this.ready()) await this.connection.turn();
    const statement = this.connection.prepare(sql);
    return this.connection.run(() => statement.run(bindParams(params)).changes);
  }

  async executeMany(sql: string, rows: Iterable<SqlParams> | AsyncIterable<SqlParams>): Promise<number> {
    while (!this.ready()) await this.connection.turn();
    const statement = this.connection.prepare(sql);
    let changes = 0;
    if (Symbol.iterator in rows) {
      // A plain loop: awaiting each of 100k+ rows costs more than the inserts themselves.
      for (const params of rows) changes += this.connection.run(() => statement.run(bindParams(params)).changes);
      return changes;
    }
    for await (const params of rows) {
      changes += this.connection.run(() => statement.run(bindParams(params)).changes);
    }
    return changes;
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    // SQLite has no nested transactions with the same syntax as SQL Server: a nested call joins
    // the open one, and its failure rolls back the whole.
    if (this.inTransaction || this.connection.insideTransaction()) return fn(this);
    const tx = new SqliteExecutor(this.connection, true);
    return this.connection.transaction(() => fn(tx));
  }

  /** SQLite has no schemas: a schema in `table` is ignored. Types are the declared ones (`VARCHAR(40)`). */
  async columns(table: string | TableName): Promise<ColumnInfo[] | null> {
    const name = typeof table === 'string' ? table : table.name;
    const rows = await this.query<{ name: string; type: string; notnull: number | bigint; dflt_value: unknown; hidden: number | bigint }>(
      'SELECT [name], [type], [notnull], [dflt_value], [hidden] FROM pragma_table_xinfo(@table)',
      { table: name },
    );
    return rows.length === 0 ? null : rows.map((row) => sqliteColumn(name, row));
  }

  async close(): Promise<void> {
    if (this.inTransaction) throw new BobsyncError('internal', 'close() called on a transaction');
    await this.connection.gate();
    this.connection.closed = true;
    this.connection.db.close();
  }

  /** Synchronous check (see SqliteConnection.turn): true when this flow may use the connection now. */
  private ready(): boolean {
    if (!this.inTransaction && !this.connection.free()) return false;
    if (this.connection.closed) throw new BobsyncError('internal', `the database ${this.connection.file} is already closed`);
    return true;
  }
}

/** A column of `pragma_table_xinfo` as ColumnInfo: SQLite keeps Unicode whatever the declared type says. */
function sqliteColumn(table: string, row: { name: string; type: string; notnull: number | bigint; dflt_value: unknown; hidden: number | bigint }): ColumnInfo {
  const match = /^\s*([A-Za-z ]+?)\s*(?:\(\s*(\d+|MAX)\s*(?:,\s*\d+\s*)?\))?\s*$/i.exec(row.type);
  const type = (match?.[1] ?? row.type).trim().toLowerCase();
  const length = match?.[2];
  const text = /char|text|clob/.test(type);
  return {
    table,
    name: row.name,
    type,
    maxLength: text && length !== undefined && /^\d+$/.test(length) ? Number(length) : null,
    nullable: Number(row.notnull) === 0,
    hasDefault: row.dflt_value !== null && row.dflt_value !== undefined,
    identity: false,
    // 2 and 3: generated columns (virtual, stored).
    computed: Number(row.hidden) === 2 || Number(row.hidden) === 3,
    charset: text ? 'unicode' : null,
    caseSensitive: null,
  };
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; booleans, dates and integers are turned into those. */
function bindParams(params: SqlParams | undefined): Record<string, BoundValue> {
  const bound: Record<string, BoundValue> = {};
  if (params === undefined) return bound;
  for (const [name, value] of Object.entries(params)) bound[name] = bindValue(value);
  return bound;
}

function bindValue(value: SqlValue | undefined): BoundValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof VarcharParam) return value.value;
  // better-sqlite3 binds every JS number as a REAL, which a text column stores as '1.0'; a BigInt
  // binds as an INTEGER.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}

/** A BobsyncError for the SQLite errors a user can act on, or undefined to let the error through. */
function translateSqliteError(error: unknown, file: string): BobsyncError | undefined {
  if (error instanceof BobsyncError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new BobsyncError('transient', `the database ${file} is busy: another process is writing to it`, {
      hint: 'try again when the other process (BOB or another bobsync run) has finished',
      cause: error,
    });
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new BobsyncError('bad-input', `${file} is not a SQLite database, or it is damaged`, {
      hint: 'check "bob.file" in the configuration, or restore the file from a backup',
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new BobsyncError('unavailable', `the database ${file} is read-only`, {
      hint: 'check the permissions of the file and of its folder (SQLite writes a journal next to it)',
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL') {
    return new BobsyncError('unavailable', `cannot read or write the database ${file} (${code})`, {
      hint: 'check that the disk is available, not full, and that the file may be written',
      cause: error,
    });
  }
  return undefined;
}
