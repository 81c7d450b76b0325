/**
 * A stand-in for the `mssql` module that enforces what SQL Server enforces and SQLite does not:
 * column lengths, CHAR padding, NOT NULL, keys equal when case and trailing spaces are ignored, the
 * 2,100-parameter limit, NOCOUNT, the code page of VARCHAR columns. `createStandin()` gives a module
 * object with the surface `MssqlExecutor` uses; pass its `mssql` as the driver
 * (`openMssqlExecutor(config, password, { driver })`). Every pool of one stand-in reaches the same
 * in-memory database. What it does not do is listed in README.md next to this file.
 */
import { createDriver } from './driver.js';
import { MAX, TYPES } from './data-types.js';
import { ConnectionError, MSSQLError, RequestError, StandinUnsupportedError, TransactionError } from './errors.js';
import { StandinServer, type RequestLogEntry, type StandinOptions } from './server.js';

export type { StandinOptions, RequestLogEntry };
export { MAX, TYPES, ConnectionError, MSSQLError, RequestError, StandinUnsupportedError, TransactionError };

export interface Standin {
  /** The module object: `ConnectionPool`, `Request`, `Transaction`, the types, `MAX`, the error classes. */
  readonly mssql: ReturnType<typeof standinModule>;
  readonly server: StandinServer;
  /** Every request, when created with `log: true`. */
  readonly requests: RequestLogEntry[];
  close(): void;
}

function standinModule(server: StandinServer) {
  const { ConnectionPool, Request, Transaction } = createDriver(server);
  return {
    ConnectionPool,
    Request,
    Transaction,
    TYPES,
    MAX,
    ...TYPES,
    MSSQLError,
    ConnectionError,
    RequestError,
    TransactionError,
  };
}

/** A new stand-in server with its module; strict SQL Server behaviour unless `options` say otherwise. */
export function createStandin(options: StandinOptions = {}): Standin {
  const server = new StandinServer(options);
  return {
    mssql: standinModule(server),
    server,
    requests: server.requests,
    close: () => server.close(),
  };
}
