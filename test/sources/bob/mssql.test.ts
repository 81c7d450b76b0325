/**
 * The shared executor, BOB and state store cases on the SQL Server path (MssqlExecutor):
 * - on every run over the mssql stand-in (test/helpers/mssql-standin), which enforces what SQL
 *   Server enforces and SQLite does not, once with its strict defaults and once with NOCOUNT ON
 *   as the server's user option (the counts that registering a proposal relies on);
 * - against a real SQL Server only when BOBSYNC_TEST_MSSQL holds a connection string
 *   (`Server=host,port;Database=db;User Id=u;Password=p;Encrypt=true;TrustServerCertificate=true`);
 *   every table it creates has a name unique to the run and is dropped afterwards.
 */
import { stateStoreCases } from '../state/state-store-cases.js';
import { bobReaderCases, bobSchemaCases, bobWriterCases } from './bob-cases.js';
import { executorCases } from './executor-cases.js';
import { mssqlHarness, standinHarness } from './harness.js';

const connectionString = process.env.BOBSYNC_TEST_MSSQL ?? '';

describe('SQL Server path over the mssql stand-in', function () {
  executorCases(standinHarness());
  bobReaderCases(standinHarness());
  bobSchemaCases(standinHarness());
  bobWriterCases(standinHarness());
  stateStoreCases(standinHarness());
});

describe('SQL Server path over the mssql stand-in, NOCOUNT ON as the server option', function () {
  executorCases(standinHarness({ nocount: true }));
  stateStoreCases(standinHarness({ nocount: true }));
});

describe('SQL Server (runs only when BOBSYNC_TEST_MSSQL holds a connection string)', function () {
  before(function () {
    if (connectionString === '') {
      // Skipped, not passed: the summary shows these cases as pending.
      this.skip();
    }
  });

  executorCases(mssqlHarness(connectionString));
  bobReaderCases(mssqlHarness(connectionString));
  bobSchemaCases(mssqlHarness(connectionString));
  bobWriterCases(mssqlHarness(connectionString));
  stateStoreCases(mssqlHarness(connectionString));
});
