/**
 * A second "workstation" for the SQL Server tests: a process of its own that opens the shared
 * stand-in file (`createStandin({ file })`) through the real MssqlExecutor, takes the run lock as an
 * apply does, prints `locked <holder>` and holds it until it is killed. Usage:
 * `node hold-run-lock.js <stand-in file> <state prefix>`.
 */
import { runLockHolder, acquireRunLock } from '../../src/apply/run-lock.js';
import { processHost } from '../../src/cli/io.js';
import { openMssqlExecutor } from '../../src/sources/bob/mssql-executor.js';
import { createStateStore } from '../../src/sources/state/state-store.js';
import { createStandin } from './mssql-standin/index.js';

const [file, prefix] = process.argv.slice(2) as [string, string];
const standin = createStandin({ file, database: 'BOBTEST' });
const db = await openMssqlExecutor(
  { driver: 'mssql', server: 'workstation-2', port: 1433, database: 'BOBTEST', user: 'bob', passwordEnv: 'BOB_PASSWORD', encrypt: true, trustServerCertificate: false },
  'not-used',
  { driver: standin.mssql },
);
const state = createStateStore(db, prefix);
await state.migrate(new Date());
const host = processHost();
const holder = runLockHolder('colleague', 'R-SECOND-WORKSTATION', host);
await acquireRunLock(state, holder, new Date().toISOString(), host);
process.stdout.write(`locked ${holder}\n`);
setInterval(() => undefined, 60_000);
