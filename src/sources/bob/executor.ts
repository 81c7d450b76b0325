/**
 * The one port to a BOB database. Both engines run the same SQL text: bracket-quoted identifiers
 * (`[AC_COMPAN]`), named `@parameters`, no TOP/LIMIT/MERGE/OUTPUT (DESIGN §5). The differences live
 * in two small executors: `sqlite-executor.ts` (better-sqlite3) and `mssql-executor.ts` (mssql).
 */
export type SqlValue = string | number | boolean | null | Date | Buffer | VarcharParam;

/**
 * A code compared with a CHAR/VARCHAR column: an engine with the type sends it as `varchar(length)`,
 * so that the comparison needs no conversion of the column and can seek its index (an NVARCHAR
 * parameter converts the column under SQL collations). Only for ASCII text such as BOB codes.
 */
export class VarcharParam {
  constructor(
    readonly value: string,
    readonly length: number,
  ) {}
}
export type SqlParams = Record<string, SqlValue>;
export type SqlRow = Record<string, unknown>;

/** What an engine can do beyond the common SQL text; a missing member means the portable default. */
export interface SqlCapabilities {
  /**
   * Column type for text without a length limit in CREATE TABLE: `NVARCHAR(MAX)` on SQL Server,
   * `TEXT` on SQLite (which rejects `MAX`). Default `NVARCHAR(4000)`.
   */
  longTextType?: string;
  /**
   * Tables live in named schemas (`[dbo].[AC_COMPAN]`) and names are written with two parts. Without
   * it (SQLite) a configured schema is ignored and names have one part.
   */
  schemas?: boolean;
  /**
   * A lock held by the server for a session, released when the session's connection or process
   * ends (SQL Server's `sp_getapplock` with a session owner): see `SqlExecutor.holdSessionLock`.
   */
  sessionLocks?: boolean;
  /**
   * Statements can ask for key-range locks held until commit (`WITH (UPDLOCK, HOLDLOCK)`): a read
   * that is followed by an insert in the same transaction is safe under READ COMMITTED. Without it
   * the engine's transactions already serialise writers (SQLite's `BEGIN IMMEDIATE`).
   */
  lockHints?: boolean;
}

/** A column as the database declares it (INFORMATION_SCHEMA / sys.columns, or SQLite's declared type). */
export interface ColumnInfo {
  /** The table, as the database spells it (SQLite: as asked; its names ignore case). */
  table: string;
  /** As the database spells it. */
  name: string;
  /** The base type, lower case: `varchar`, `char`, `nvarchar`, `int`, `datetime`, `text`… */
  type: string;
  /** Longest text in characters; null when the type has no length limit (MAX, TEXT, numbers, dates). */
  maxLength: number | null;
  nullable: boolean;
  /** A DEFAULT is declared. */
  hasDefault: boolean;
  /** Filled by the database itself: IDENTITY. */
  identity: boolean;
  /** Computed (or a rowversion): never written. */
  computed: boolean;
  /**
   * Which characters the column can hold: `unicode` (NVARCHAR, NCHAR, a UTF-8 collation, SQLite),
   * `cp1252` (CHAR/VARCHAR under a Latin1 collation), or `ascii` for any other code page (only
   * ASCII is known to survive).
   */
  charset: 'unicode' | 'cp1252' | 'ascii' | null;
  /** Text compares with regard to case (a `_CS_` or `_BIN` collation); null when the engine does not say. */
  caseSensitive: boolean | null;
}

/** A table name, with the schema it lives in where the engine has schemas. */
export interface TableName {
  schema?: string;
  name: string;
}

export interface SqlExecutor {
  /** All rows of a query. For small results only; use `iterate` for tables. */
  query<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): Promise<T[]>;
  /**
   * Rows one by one without holding the result (better-sqlite3 `iterate`, mssql streaming). Do not
   * write through the same executor until the iteration ends (better-sqlite3 refuses); inside a
   * transaction the rows are read first, so the loop body may write through `tx`.
   */
  iterate<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams): AsyncIterable<T>;
  /**
   * Optional: rows in arrays of up to `size`, each row an array of values in `columns` order, for
   * whole-table reads. Use `iterateRawBatches()` below, which falls back on `iterate`.
   */
  iterateRawBatches?(sql: string, params: SqlParams | undefined, size: number): AsyncIterable<RawBatch>;
  /** A statement without result rows; returns the number of rows affected. */
  execute(sql: string, params?: SqlParams): Promise<number>;
  /**
   * Runs `fn` in a transaction: commit when it resolves, roll back when it throws. Calls on `tx`
   * inside `fn` belong to the transaction; do not use the outer executor meanwhile.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Optional: runs one statement once per parameter set, reusing the prepared statement or batching
   * round trips; returns the total number of rows affected. Callers fall back to a loop over `execute`.
   */
  executeMany?(sql: string, rows: Iterable<SqlParams> | AsyncIterable<SqlParams>): Promise<number>;
  /** Optional engine capabilities (see SqlCapabilities). */
  readonly capabilities?: SqlCapabilities;
  /**
   * The columns of a table as the database declares them, in their order, or null when the table is
   * missing. Without a schema, the table is resolved as an unqualified query would resolve it.
   */
  columns(table: string | TableName): Promise<ColumnInfo[] | null>;
  /**
   * Optional (capability `sessionLocks`): takes the exclusive lock `resource` for a session of its
   * own, on a connection of its own, without waiting. Resolves to a release function, or null when
   * another session holds it. The server releases it when the connection or the process ends.
   */
  holdSessionLock?(resource: string): Promise<(() => Promise<void>) | null>;
  /** Human-readable name of the database for messages (file path or server/database), no secrets. */
  readonly description: string;
  close(): Promise<void>;
}

/** Rows as arrays of values, with the column names once per batch. */
export interface RawBatch {
  columns: string[];
  rows: unknown[][];
}

/**
 * Rows of a query as arrays of values, for whole-table reads: no object per row for the driver to
 * build and the collector to sweep. Falls back on `iterateBatches`.
 */
export async function* iterateRawBatches(db: SqlExecutor, sql: string, params: SqlParams | undefined, size = 1000): AsyncIterable<RawBatch> {
  if (db.iterateRawBatches !== undefined) {
    yield* db.iterateRawBatches(sql, params, size);
    return;
  }
  for await (const batch of iterateBatches(db, sql, params, size)) {
    if (batch.length === 0) continue;
    const columns = Object.keys(batch[0]!);
    yield { columns, rows: batch.map((row) => columns.map((column) => row[column])) };
  }
}

/** Rows of a query in arrays of up to `size`, through the executor's own batching when it has one. */
export async function* iterateBatches<T extends SqlRow = SqlRow>(
  db: SqlExecutor,
  sql: string,
  params: SqlParams | undefined,
  size = 1000,
): AsyncIterable<T[]> {
  let batch: T[] = [];
  for await (const row of db.iterate<T>(sql, params)) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
