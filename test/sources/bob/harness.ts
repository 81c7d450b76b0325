/**
 * A database for the shared test cases: a fresh SQLite file per suite, a SQL Server database named
 * by BOBSYNC_TEST_MSSQL where every table gets a name unique to the run and is dropped afterwards,
 * or the same SQL Server path (MssqlExecutor) over the mssql stand-in. The same cases run on all
 * three (executor-cases, bob-cases, state-store-cases).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SqlExecutor } from '../../../src/sources/bob/executor.js';
import type { MssqlOpenOptions } from '../../../src/sources/bob/mssql-executor.js';
import { openBobFromConnectionString } from '../../../src/sources/bob/open-bob.js';
import { openSqliteExecutor } from '../../../src/sources/bob/sqlite-executor.js';
import { stateTableNames } from '../../../src/sources/state/state-store.js';
import { createStandin, type Standin, type StandinOptions } from '../../helpers/mssql-standin/index.js';

export interface DatabaseHarness {
  readonly engine: 'sqlite' | 'mssql';
  /** Called in `before`. */
  setup(): Promise<void>;
  /** A new connection to the test database; closed by `closeAll`. */
  open(): Promise<SqlExecutor>;
  /** A table name for this run; the table is dropped at teardown when it exists. */
  table(base: string): string;
  /** A state prefix for this run; its tables are dropped at teardown. */
  statePrefix(): string;
  /** Called in `afterEach`. */
  closeAll(): Promise<void>;
  /** Called in `after`. */
  teardown(): Promise<void>;
}

export function sqliteHarness(): DatabaseHarness {
  let dir = '';
  const opened: SqlExecutor[] = [];
  let counter = 0;
  return {
    engine: 'sqlite',
    async setup() {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
    },
    async open() {
      const db = openSqliteExecutor(path.join(dir, 'test.sqlite'), { create: true });
      opened.push(db);
      return db;
    },
    table: (base) => `${base}_${++counter}`,
    statePrefix: () => `S${++counter}_`,
    async closeAll() {
      for (const db of opened.splice(0)) await db.close();
    },
    async teardown() {
      for (const db of opened.splice(0)) await db.close();
      if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function mssqlHarness(connectionString: string, options: () => MssqlOpenOptions = () => ({})): DatabaseHarness {
  const run = `T${randomBytes(3).toString('hex')}`;
  const opened: SqlExecutor[] = [];
  const tables: string[] = [];
  let counter = 0;
  return {
    engine: 'mssql',
    async setup() {},
    async open() {
      const db = await openBobFromConnectionString(connectionString, options());
      opened.push(db);
      return db;
    },
    table(base) {
      const name = `${run}_${base}_${++counter}`;
      tables.push(name);
      return name;
    },
    statePrefix() {
      const prefix = `${run}S${++counter}_`;
      tables.push(...stateTableNames(prefix));
      return prefix;
    },
    async closeAll() {
      for (const db of opened.splice(0)) await db.close();
    },
    async teardown() {
      for (const db of opened.splice(0)) await db.close();
      if (tables.length === 0) return;
      const db = await openBobFromConnectionString(connectionString, options());
      try {
        for (const table of tables) if ((await db.columns(table)) !== null) await db.execute(`DROP TABLE [${table}]`);
      } finally {
        await db.close();
      }
    },
  };
}

/** A connection string for the stand-in: only the database name shows, in its error messages. */
const STANDIN_CONNECTION_STRING = 'Server=standin,1433;Database=BOBTEST;User Id=bobsync;Password=not-used;Encrypt=true';

/**
 * The SQL Server path (openBobFromConnectionString → MssqlExecutor) over a fresh mssql stand-in per
 * suite, strict unless `options` relax it (see test/helpers/mssql-standin).
 */
export function standinHarness(options: StandinOptions = {}): DatabaseHarness {
  let standin: Standin | undefined;
  const inner = mssqlHarness(STANDIN_CONNECTION_STRING, () => ({ driver: standin!.mssql }));
  return {
    ...inner,
    async setup() {
      standin = createStandin(options);
    },
    async teardown() {
      await inner.teardown();
      standin?.close();
    },
  };
}

/** Registers the harness hooks in the current `describe`. */
export function useHarness(harness: DatabaseHarness): void {
  before(() => harness.setup());
  afterEach(() => harness.closeAll());
  after(() => harness.teardown());
}
