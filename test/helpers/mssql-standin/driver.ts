/**
 * The mssql classes bobsync uses (`ConnectionPool`, `Request`, `Transaction`), bound to one
 * StandinServer. Their behaviour follows mssql 12 over tedious 19 where a caller can see it: request
 * results (`recordsets`, `recordset`, `rowsAffected`, `output`), stream mode (`row` / `recordset`
 * / `error` / `done` events, pause and resume, `toReadableStream`), the rejection of a failed
 * request with its last server error and the others in `precedingErrors`, parameter validation
 * (EPARAM), the transaction's one-request-at-a-time rule (EREQINPROG) and ENOTBEGUN.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Readable, type ReadableOptions } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { declaration, MAX, TYPES, type TypeFactory, type TypeSpec } from './data-types.js';
import { ConnectionError, RequestError, StandinUnsupportedError, TransactionError } from './errors.js';
import type { OutputColumn } from './compile.js';
import type { BatchItem, ParamInput, StandinServer } from './server.js';
import type { SqlType } from './sql-types.js';
import { dateParameter, toCp1252, type StoredValue } from './values.js';

interface Parameter extends TypeSpec {
  name: string;
  value: unknown;
}

type Row = Record<string, unknown>;

/** What `query()` resolves to (rows are arrays in arrayRowMode; in stream mode there are none). */
export interface QueryResult {
  recordsets: Row[][] | null;
  recordset: Row[] | undefined;
  output: Record<string, unknown>;
  rowsAffected: number[];
  columns?: unknown[];
}

/** A tedious error (no `info`): mssql wraps it, and its `code` becomes the RequestError's code and number. */
function tediousError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

const PARAMETER_NAME = /^[\w@#$]+$/;

export function createDriver(server: StandinServer) {
  class ConnectionPool extends EventEmitter {
    readonly config: Record<string, unknown>;
    connected = false;
    connecting = false;
    /** The pool is one session for `sp_getapplock` (bobsync holds session locks on pools of one connection). */
    readonly session = randomUUID();

    constructor(config: Record<string, unknown> = {}) {
      super();
      this.config = config;
    }

    async connect(): Promise<this> {
      this.connecting = true;
      await nextTurn();
      this.connecting = false;
      const failure = server.options.connectError;
      if (failure !== undefined) throw connectError(failure, this.config);
      server.noteDatabase(this.config.database);
      this.connected = true;
      return this;
    }

    async close(): Promise<void> {
      this.connected = false;
      server.endSession(this.session);
    }

    request(): Request {
      return new Request(this);
    }

    transaction(): Transaction {
      return new Transaction(this);
    }
  }

  class Transaction extends EventEmitter {
    private begun = false;
    private activeRequest: Request | null = null;

    readonly parent: ConnectionPool;

    /** `parent` is typed loosely, as the callers' view of mssql has it; it must be this stand-in's pool. */
    constructor(parent: object) {
      super();
      if (!(parent instanceof ConnectionPool)) throw new TransactionError('mssql stand-in: a transaction needs a pool of the same stand-in.', 'ENOCONN');
      this.parent = parent;
    }

    get config(): Record<string, unknown> {
      return this.parent.config;
    }

    get connected(): boolean {
      return this.parent.connected;
    }

    async begin(): Promise<this> {
      if (this.begun) throw new TransactionError('Transaction has already begun.', 'EALREADYBEGUN');
      if (!this.parent.connected) throw new ConnectionError('Connection is closed.', 'ECONNCLOSED');
      await nextTurn();
      await server.begin(this);
      this.begun = true;
      this.emit('begin');
      return this;
    }

    async commit(): Promise<void> {
      this.ready('commit');
      await nextTurn();
      server.commit(this);
      this.begun = false;
      this.emit('commit');
    }

    async rollback(): Promise<void> {
      this.ready('rollback');
      await nextTurn();
      server.rollback(this);
      this.begun = false;
      this.emit('rollback', false);
    }

    request(): Request {
      return new Request(this);
    }

    /** mssql's rule: one request at a time on a transaction's connection. */
    acquire(request: Request): void {
      if (!this.begun) throw new TransactionError('Transaction has not begun. Call begin() first.', 'ENOTBEGUN');
      if (this.activeRequest !== null) throw new TransactionError("Can't acquire connection for the request. There is another request in progress.", 'EREQINPROG');
      this.activeRequest = request;
    }

    release(request: Request): void {
      if (this.activeRequest === request) this.activeRequest = null;
    }

    private ready(what: 'commit' | 'rollback'): void {
      if (!this.begun) throw new TransactionError('Transaction has not begun. Call begin() first.', 'ENOTBEGUN');
      if (this.activeRequest !== null) throw new TransactionError(`Can't ${what} transaction. There is a request in progress.`, 'EREQINPROG');
    }
  }

  class Request extends EventEmitter {
    readonly parent: ConnectionPool | Transaction;
    parameters: Record<string, Parameter> = {};
    stream: boolean | null = null;
    arrayRowMode: boolean | null = null;
    canceled = false;
    private pausedFlag = false;
    private resumed: (() => void) | null = null;

    constructor(parent: object) {
      super();
      if (!(parent instanceof ConnectionPool) && !(parent instanceof Transaction)) {
        throw new RequestError('mssql stand-in: a request needs a pool or a transaction of the same stand-in.', 'ENOCONN');
      }
      this.parent = parent;
    }

    get paused(): boolean {
      return this.pausedFlag;
    }

    input(name: string, type: unknown, value?: unknown): this {
      if (!PARAMETER_NAME.test(String(name))) {
        throw new RequestError(`Invalid parameter name '${name}'. Parameter names may only contain identifier characters`, 'EINJECT');
      }
      if (arguments.length < 2) throw new RequestError('Invalid number of arguments. At least 2 arguments expected.', 'EARGS');
      if (arguments.length === 2) {
        value = type;
        type = typeByValue(value);
      }
      if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) value = null;
      const spec = (typeof type === 'function' ? (type as TypeFactory)() : type) as TypeSpec;
      if (name in this.parameters) {
        throw new RequestError(`The parameter name ${name} has already been declared. Parameter names must be unique`, 'EDUPEPARAM');
      }
      this.parameters[name] = { name, type: spec.type, length: spec.length, precision: spec.precision, scale: spec.scale, value };
      return this;
    }

    pause(): boolean {
      this.pausedFlag = true;
      return true;
    }

    resume(): boolean {
      this.pausedFlag = false;
      const resumed = this.resumed;
      this.resumed = null;
      resumed?.();
      return true;
    }

    cancel(): boolean {
      this.canceled = true;
      this.resume();
      return true;
    }

    toReadableStream(options: ReadableOptions = {}): Readable {
      this.stream = true;
      this.pause();
      let requestDone = false;
      const readable = new Readable({
        ...options,
        objectMode: true,
        read: () => {
          this.resume();
        },
        destroy: (error, callback) => {
          // Nobody reads any more: let the request run to its end, dropping its rows.
          if (!requestDone && this.paused) this.resume();
          callback(error);
        },
      });
      this.on('row', (row) => {
        if (!readable.push(row) && !readable.destroyed) this.pause();
      });
      this.on('error', (error) => readable.destroy(error));
      this.on('done', () => {
        requestDone = true;
        readable.push(null);
      });
      return readable;
    }

    async query(sql: string): Promise<QueryResult> {
      if (this.stream === null) this.stream = this.parent.config.stream === true;
      if (this.arrayRowMode === null) this.arrayRowMode = this.parent.config.arrayRowMode === true;
      let items: BatchItem[];
      try {
        items = await this.send(sql);
      } catch (error) {
        if (!this.stream) throw error;
        this.emit('error', error);
        this.emit('done', { output: {}, rowsAffected: [] });
        return { recordsets: null, recordset: undefined, output: {}, rowsAffected: [] };
      }
      const rowsAffected = items.flatMap((item) => (item.kind === 'done' && item.count !== undefined ? [item.count] : []));
      if (this.stream) {
        for (const item of items) {
          if (item.kind === 'error') this.emit('error', item.error);
          else if (item.kind === 'done') {
            if (item.count !== undefined) this.emit('rowsaffected', item.count);
          } else {
            this.emit('recordset', columnMetadata(item.columns, this.arrayRowMode));
            for (const row of item.rows) {
              while (this.pausedFlag && !this.canceled) await new Promise<void>((resolve) => (this.resumed = resolve));
              this.emit('row', this.shape(row, item.columns));
            }
          }
        }
        this.emit('done', { output: {}, rowsAffected });
        return { recordsets: null, recordset: undefined, output: {}, rowsAffected };
      }
      const errors = items.flatMap((item) => (item.kind === 'error' ? [item.error] : []));
      if (errors.length > 0) {
        const last = errors.pop()!;
        last.precedingErrors = errors;
        throw last;
      }
      const recordsets: Row[][] = [];
      const columns: unknown[] = [];
      for (const item of items) {
        if (item.kind !== 'recordset') continue;
        const recordset = item.rows.map((row) => this.shape(row, item.columns) as Row);
        Object.defineProperty(recordset, 'columns', { enumerable: false, configurable: true, value: columnMetadata(item.columns, this.arrayRowMode) });
        recordsets.push(recordset);
        columns.push(columnMetadata(item.columns, true));
      }
      const result: QueryResult = { recordsets, recordset: recordsets[0], output: {}, rowsAffected };
      if (this.arrayRowMode) result.columns = columns;
      return result;
    }

    /** A row as mssql builds it: by column name (a repeated name collects its values in an array), or an array. */
    private shape(values: unknown[], columns: OutputColumn[]): unknown {
      if (this.arrayRowMode) return values;
      const row: Record<string, unknown> = {};
      columns.forEach((column, index) => {
        const value = values[index];
        if (!(column.name in row)) row[column.name] = value;
        else if (Array.isArray(row[column.name])) (row[column.name] as unknown[]).push(value);
        else row[column.name] = [row[column.name], value];
      });
      return row;
    }

    /**
     * A stored procedure call (RPC): only `sp_getapplock` and `sp_releaseapplock` with a session
     * owner, on a pool (not in a transaction). Resolves with `returnValue` as mssql does.
     */
    async execute(procedure: string): Promise<QueryResult & { returnValue: number }> {
      const parent = this.parent;
      if (!parent.connected) throw new ConnectionError('Connection is closed.', 'ECONNCLOSED');
      if (!(parent instanceof ConnectionPool)) throw new StandinUnsupportedError('procedure calls in a transaction are not emulated');
      const name = procedure.replace(/^\[?(dbo|sys)\]?\./i, '').replace(/^\[|\]$/g, '').toLowerCase();
      const value = (key: string): unknown => Object.values(this.parameters).find((p) => p.name.toLowerCase() === key.toLowerCase())?.value;
      const resource = value('Resource');
      const owner = String(value('LockOwner') ?? 'Transaction');
      if (typeof resource !== 'string' || owner.toLowerCase() !== 'session') {
        throw new StandinUnsupportedError(`${procedure} other than with @Resource and @LockOwner = 'Session' is not emulated`);
      }
      if (server.options.log) server.requests.push({ sql: `EXEC ${procedure}`, parameters: Object.values(this.parameters).map((p) => ({ name: p.name, declaration: declaration(p, p.value) })), transaction: false, stream: false });
      await nextTurn();
      let returnValue: number;
      if (name === 'sp_getapplock') {
        const mode = String(value('LockMode') ?? '');
        const timeout = Number(value('LockTimeout') ?? -1);
        if (mode.toLowerCase() !== 'exclusive' || timeout !== 0) throw new StandinUnsupportedError("sp_getapplock other than @LockMode = 'Exclusive', @LockTimeout = 0 is not emulated");
        returnValue = server.getAppLock(resource, parent.session);
      } else if (name === 'sp_releaseapplock') {
        returnValue = server.releaseAppLock(resource, parent.session);
      } else {
        throw new StandinUnsupportedError(`the procedure ${procedure} is not emulated`);
      }
      return { recordsets: [], recordset: undefined, output: {}, rowsAffected: [], returnValue };
    }

    private async send(sql: string): Promise<BatchItem[]> {
      const parent = this.parent;
      if (!parent.connected) throw new ConnectionError('Connection is closed.', 'ECONNCLOSED');
      const transaction = parent instanceof Transaction ? parent : null;
      transaction?.acquire(this);
      try {
        const inputs = Object.values(this.parameters).map((parameter) => toInput(parameter, server));
        if (server.options.log) {
          server.requests.push({
            sql,
            parameters: Object.values(this.parameters).map((parameter) => ({ name: parameter.name, declaration: declaration(parameter, parameter.value) })),
            transaction: transaction !== null,
            stream: this.stream === true,
          });
        }
        await nextTurn();
        return await server.whenFree(transaction, () => server.run(sql, inputs, transaction));
      } finally {
        transaction?.release(this);
      }
    }
  }

  return { ConnectionPool, Transaction, Request };
}

function connectError(kind: 'ELOGIN' | 'ESOCKET' | 'ETIMEOUT', config: Record<string, unknown>): ConnectionError {
  const where = `${String(config.server)}:${String(config.port ?? 1433)}`;
  const message =
    kind === 'ELOGIN'
      ? `Login failed for user '${String(config.user)}'.`
      : kind === 'ESOCKET'
        ? `Failed to connect to ${where} - connect ECONNREFUSED`
        : `Failed to connect to ${where} in ${String(config.connectionTimeout ?? 15000)}ms`;
  return new ConnectionError(tediousError(message, kind));
}

function typeByValue(value: unknown): TypeFactory {
  if (value === null || value === undefined || typeof value === 'string') return TYPES.NVarChar;
  if (typeof value === 'number') {
    if (value % 1 !== 0) return TYPES.Float;
    return value < -2147483648 || value > 2147483647 ? TYPES.BigInt : TYPES.Int;
  }
  if (typeof value === 'bigint') return value < -2147483648n || value > 2147483647n ? TYPES.BigInt : TYPES.Int;
  if (typeof value === 'boolean') return TYPES.Bit;
  if (value instanceof Date) return TYPES.DateTime;
  if (Buffer.isBuffer(value)) return TYPES.VarBinary;
  return TYPES.NVarChar;
}

/** TDS type ids, for 8016's message. */
const TDS_TYPE_IDS = new Map<TypeFactory, number>([
  [TYPES.NVarChar, 0xe7], [TYPES.VarChar, 0xa7], [TYPES.NChar, 0xef], [TYPES.Char, 0xaf], [TYPES.VarBinary, 0xa5], [TYPES.Binary, 0xad],
]);

/** A parameter as tedious validates and sends it, and as the server then types it. */
function toInput(parameter: Parameter, server: StandinServer): ParamInput {
  const { name, value } = parameter;
  const invalid = (message: string): RequestError =>
    new RequestError(tediousError(`Validation failed for parameter '${name}'. ${message}`, 'EPARAM'), 'EREQUEST');
  const input = (type: SqlType, bound: StoredValue, oversized?: number): ParamInput => ({ name, type, value: bound, ...(oversized === undefined ? {} : { oversized }) });
  const type = parameter.type;
  switch (type) {
    case TYPES.NVarChar:
    case TYPES.NChar:
    case TYPES.VarChar:
    case TYPES.Char: {
      if (value !== null && typeof value !== 'string') throw invalid('Invalid string.');
      const unicode = type === TYPES.NVarChar || type === TYPES.NChar;
      const fixed = type === TYPES.Char || type === TYPES.NChar;
      // tedious encodes a VarChar value in the connection's code page (iconv-lite: `?` for what is missing).
      let text = value === null ? null : unicode || server.options.varcharCodePage === 65001 ? value : toCp1252(value as string, false);
      const size = (t: string): number => (unicode || server.options.varcharCodePage === 1252 ? t.length : Buffer.byteLength(t, 'utf8'));
      const declared = parameter.length;
      const limit = unicode ? 4000 : 8000;
      const length: number | 'max' = declared === undefined ? Math.max(1, text === null ? 1 : size(text)) : declared > limit ? 'max' : declared;
      const kind = unicode ? (fixed ? 'nchar' : 'nvarchar') : fixed ? 'char' : 'varchar';
      if (text !== null && length !== 'max' && size(text) > length) return input({ kind, length }, text, TDS_TYPE_IDS.get(type));
      if (text !== null && fixed && length !== 'max') text += ' '.repeat(length - size(text));
      return input({ kind, length: typeof length === 'number' && length > limit ? 'max' : length }, text);
    }
    case TYPES.Int:
    case TYPES.SmallInt:
    case TYPES.TinyInt: {
      if (value === null) return input({ kind: type === TYPES.Int ? 'int' : type === TYPES.SmallInt ? 'smallint' : 'tinyint' }, null);
      const number = typeof value === 'number' ? value : Number(value);
      if (Number.isNaN(number)) throw invalid('Invalid number.');
      const [min, max, kind] = type === TYPES.Int ? [-2147483648, 2147483647, 'int'] as const : type === TYPES.SmallInt ? [-32768, 32767, 'smallint'] as const : [0, 255, 'tinyint'] as const;
      if (number < min || number > max) throw invalid(`Value must be between ${min} and ${max}, inclusive.`);
      return input({ kind }, BigInt(Math.trunc(number)));
    }
    case TYPES.BigInt: {
      if (value === null) return input({ kind: 'bigint' }, null);
      let big: bigint;
      try {
        big = typeof value === 'bigint' ? value : BigInt(value as number);
      } catch {
        throw invalid('Invalid number.');
      }
      if (big < -9007199254740991n || big > 9007199254740991n) throw invalid('Value must be between -9007199254740991 and 9007199254740991, inclusive.');
      return input({ kind: 'bigint' }, big);
    }
    case TYPES.Bit:
      return input({ kind: 'bit' }, value === null ? null : value ? 1n : 0n);
    case TYPES.Float:
    case TYPES.Real:
    case TYPES.Decimal:
    case TYPES.Numeric: {
      const kind = type === TYPES.Float ? 'float' : type === TYPES.Real ? 'real' : 'decimal';
      if (value === null) return input({ kind }, null);
      const number = parseFloat(String(value));
      if (Number.isNaN(number)) throw invalid('Invalid number.');
      return input({ kind, precision: parameter.precision, scale: parameter.scale }, number);
    }
    case TYPES.DateTime2:
    case TYPES.DateTime:
    case TYPES.Date: {
      const kind = type === TYPES.DateTime2 ? 'datetime2' : type === TYPES.DateTime ? 'datetime' : 'date';
      if (value === null) return input({ kind }, null);
      const date = value instanceof Date ? value : new Date(Date.parse(String(value)));
      if (Number.isNaN(date.getTime())) throw invalid('Invalid date.');
      if (date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) throw invalid('Out of range.');
      const text = dateParameter(date);
      return input({ kind }, kind === 'date' ? text.slice(0, 10) : text);
    }
    case TYPES.VarBinary:
    case TYPES.Binary: {
      if (value !== null && !Buffer.isBuffer(value)) throw invalid('Invalid buffer.');
      const declared = parameter.length;
      const length = declared === undefined ? Math.max(1, value === null ? 1 : (value as Buffer).length) : declared > 8000 ? 'max' : declared;
      if (value !== null && length !== 'max' && (value as Buffer).length > length) return input({ kind: 'varbinary', length }, value as Buffer, TDS_TYPE_IDS.get(type));
      return input({ kind: type === TYPES.Binary ? 'binary' : 'varbinary', length }, value as Buffer | null);
    }
    default:
      throw new StandinUnsupportedError(`parameters of type ${(type as TypeFactory | undefined)?.declaration ?? String(type)} are not emulated`);
  }
}

/** Column metadata roughly as mssql gives it in `recordset.columns` and the `recordset` event. */
function columnMetadata(columns: OutputColumn[], asArray: boolean | null): unknown {
  const described = columns.map((column, index) => ({
    index,
    name: column.name,
    length: typeof column.type.length === 'number' ? column.type.length : column.type.length === 'max' ? MAX : undefined,
    type: typeFactoryOf(column.type),
    nullable: true,
  }));
  if (asArray) return described;
  return Object.fromEntries(described.map((column) => [column.name, column]));
}

function typeFactoryOf(type: SqlType): TypeFactory | undefined {
  const map: Record<string, TypeFactory> = {
    char: TYPES.Char, varchar: TYPES.VarChar, nchar: TYPES.NChar, nvarchar: TYPES.NVarChar, tinyint: TYPES.TinyInt, smallint: TYPES.SmallInt,
    int: TYPES.Int, bigint: TYPES.BigInt, bit: TYPES.Bit, float: TYPES.Float, real: TYPES.Real, decimal: TYPES.Decimal, date: TYPES.Date,
    datetime: TYPES.DateTime, datetime2: TYPES.DateTime2, binary: TYPES.Binary, varbinary: TYPES.VarBinary,
  };
  return map[type.kind];
}
