/**
 * Error classes shaped like mssql 12's (`lib/error/*.js`) and the server errors as tedious 19 reports
 * them: an mssql `RequestError` with `code: 'EREQUEST'`, `number`, `lineNumber`, `state`, `class`,
 * `serverName`, `procName`, and as `originalError` an `Error` whose `info` is the server's error token.
 * The constructors copy mssql's, quirks included: wrapping an error without `info` (a tedious
 * timeout, a parameter validation failure) sets `number` to that error's `code` string.
 */

export class MSSQLError extends Error {
  declare code: string | undefined;
  declare readonly originalError?: unknown;

  constructor(message: string | Error, code?: string) {
    if (message instanceof Error) {
      super(message.message);
      this.code = (message as { code?: string }).code || code;
      Error.captureStackTrace(this, this.constructor);
      Object.defineProperty(this, 'originalError', { enumerable: true, value: message });
    } else {
      super(message);
      this.code = code;
    }
    this.name = 'MSSQLError';
  }
}

export class ConnectionError extends MSSQLError {
  constructor(message: string | Error, code?: string) {
    super(message, code);
    this.name = 'ConnectionError';
  }
}

export class TransactionError extends MSSQLError {
  constructor(message: string | Error, code?: string) {
    super(message, code);
    this.name = 'TransactionError';
  }
}

/** The fields of a TDS error token (tedious `ErrorMessageToken`). */
export interface ServerErrorInfo {
  name: 'ERROR';
  event: 'errorMessage';
  number: number;
  state: number;
  class: number;
  message: string;
  serverName: string;
  procName: string;
  lineNumber: number;
}

export class RequestError extends MSSQLError {
  declare number?: number | string;
  declare lineNumber?: number;
  declare state?: number | string;
  declare class?: number;
  declare serverName?: string;
  declare procName?: string;
  /** Set on the error a request rejects with: the server's earlier errors in the same batch. */
  declare precedingErrors?: RequestError[];

  constructor(message: string | Error, code?: string) {
    super(message, code);
    if (message instanceof Error) {
      const source = message as Error & { info?: ServerErrorInfo; code?: string; lineNumber?: number; sqlstate?: string; severity?: number; serverName?: string; procName?: string };
      if (source.info) {
        this.number = source.info.number || source.code;
        this.lineNumber = source.info.lineNumber;
        this.state = source.info.state;
        this.class = source.info.class;
        this.serverName = source.info.serverName;
        this.procName = source.info.procName;
      } else {
        this.number = source.code;
        this.lineNumber = source.lineNumber;
        this.state = source.sqlstate;
        this.class = source.severity;
        this.serverName = source.serverName;
        this.procName = source.procName;
      }
    }
    this.name = 'RequestError';
  }
}

/**
 * The stand-in cannot run this T-SQL: a construct it does not know (SQL Server may well accept it).
 * Never a server error number, so that no code path mistakes it for one and carries on.
 */
export class StandinUnsupportedError extends RequestError {
  constructor(message: string) {
    super(`mssql stand-in: ${message}`, 'ESTANDIN');
    this.name = 'StandinUnsupportedError';
  }
}

export const SERVER_NAME = 'mssql-standin';

/** A server error in the shape mssql gives it (see the file comment). */
export function serverError(number: number, message: string, options: { class?: number; state?: number; lineNumber?: number } = {}): RequestError {
  const original = new Error(message) as Error & { info: ServerErrorInfo };
  original.info = {
    name: 'ERROR',
    event: 'errorMessage',
    number,
    state: options.state ?? 1,
    class: options.class ?? 16,
    message,
    serverName: SERVER_NAME,
    procName: '',
    lineNumber: options.lineNumber ?? 1,
  };
  return new RequestError(original, 'EREQUEST');
}

/** How far an error reaches, as SQL Server decides it (with XACT_ABORT OFF, tedious's default). */
export type ErrorScope =
  /** The statement is undone; the batch goes on (constraint violations, truncation, NULL into NOT NULL). */
  | 'statement'
  /** The batch stops here; earlier statements stay done (conversion errors, name resolution). */
  | 'batch';

/** A server error raised while running a statement, with how far it reaches. */
export class StatementFailure extends Error {
  constructor(
    readonly number: number,
    message: string,
    readonly scope: ErrorScope,
    readonly severity = 16,
    readonly state = 1,
  ) {
    super(message);
  }

  toRequestError(lineNumber: number): RequestError {
    return serverError(this.number, this.message, { class: this.severity, state: this.state, lineNumber });
  }
}
