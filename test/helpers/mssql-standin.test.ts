/**
 * The mssql stand-in itself: each rule it enforces for SQL Server has a case here that fails when
 * the rule is taken out. Most go through the mssql surface (pool, request, transaction) as
 * MssqlExecutor uses it; a few through MssqlExecutor to show what bobsync sees.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { BobsyncError } from '../../src/errors.js';
import type { SqlExecutor } from '../../src/sources/bob/executor.js';
import { openBobFromConnectionString } from '../../src/sources/bob/open-bob.js';
import { createStandin, RequestError, StandinUnsupportedError, TransactionError, type Standin, type StandinOptions } from './mssql-standin/index.js';

type Pool = InstanceType<Standin['mssql']['ConnectionPool']>;
type Params = Record<string, [type: unknown, value: unknown]>;

const CONNECTION = 'Server=standin,1433;Database=BOBTEST;User Id=bobsync;Password=x';

describe('mssql stand-in', () => {
  const opened: Standin[] = [];
  afterEach(() => opened.splice(0).forEach((standin) => standin.close()));

  async function connect(options: StandinOptions = {}): Promise<{ standin: Standin; pool: Pool }> {
    const standin = createStandin(options);
    opened.push(standin);
    const pool = new standin.mssql.ConnectionPool({ server: 'standin', database: 'BOBTEST', user: 'bobsync' });
    await pool.connect();
    return { standin, pool };
  }

  async function run(standin: Standin, pool: Pool | InstanceType<Standin['mssql']['Transaction']>, sql: string, params: Params = {}) {
    const request = new standin.mssql.Request(pool);
    for (const [name, [type, value]] of Object.entries(params)) request.input(name, type, value);
    return request.query(sql);
  }

  async function failure(promise: Promise<unknown>): Promise<RequestError> {
    try {
      await promise;
    } catch (error) {
      return error as RequestError;
    }
    throw new Error('the request succeeded');
  }

  async function executor(options: StandinOptions = {}): Promise<{ standin: Standin; db: SqlExecutor }> {
    const standin = createStandin(options);
    opened.push(standin);
    const db = await openBobFromConnectionString(CONNECTION, { driver: standin.mssql });
    return { standin, db };
  }

  describe('column lengths', () => {
    for (const type of ['CHAR(40)', 'VARCHAR(40)', 'NVARCHAR(40)']) {
      it(`refuses a 41-character CNAME1 in ${type} with 2628, as SQL Server 2019+ does`, async () => {
        const { standin, pool } = await connect();
        const { NVarChar } = standin.mssql;
        await run(standin, pool, `CREATE TABLE [AC_COMPAN] ([CID] CHAR(10) NOT NULL PRIMARY KEY, [CNAME1] ${type})`);
        const name = 'Brasserie et Restaurant de la Grand-Place'; // 41 characters
        expect(name).to.have.length(41);
        const error = await failure(run(standin, pool, 'INSERT INTO [AC_COMPAN] ([CID], [CNAME1]) VALUES (@id, @name)', { id: [NVarChar, 'K01'], name: [NVarChar, name] }));
        expect(error).to.be.instanceOf(RequestError);
        expect(error).to.include({ name: 'RequestError', code: 'EREQUEST', number: 2628, class: 16, lineNumber: 1 });
        expect(error.message).to.equal(
          `String or binary data would be truncated in table 'BOBTEST.dbo.AC_COMPAN', column 'CNAME1'. Truncated value: '${name.slice(0, 40)}'.`,
        );
        expect((error.originalError as { info: { number: number } }).info.number).to.equal(2628);
        expect(error.precedingErrors).to.deep.equal([]);
        const rows = await run(standin, pool, 'SELECT COUNT(*) AS [n] FROM [AC_COMPAN]');
        expect(rows.recordset).to.deep.equal([{ n: 0 }]);
      });
    }

    it('takes 40 characters, and drops trailing spaces past the length without an error', async () => {
      const { standin, pool } = await connect();
      const { NVarChar } = standin.mssql;
      await run(standin, pool, 'CREATE TABLE [T] ([NAME] VARCHAR(5))');
      await run(standin, pool, 'INSERT INTO [T] ([NAME]) VALUES (@a), (@b)', { a: [NVarChar, 'abcde'], b: [NVarChar, 'abc     '] });
      expect((await run(standin, pool, 'SELECT [NAME] FROM [T]')).recordset).to.deep.equal([{ NAME: 'abcde' }, { NAME: 'abc  ' }]);
    });

    it('gives the older 8152 when asked to', async () => {
      const { standin, pool } = await connect({ truncationError: 8152 });
      await run(standin, pool, 'CREATE TABLE [T] ([NAME] VARCHAR(2))');
      const error = await failure(run(standin, pool, "INSERT INTO [T] ([NAME]) VALUES ('abc')"));
      expect(error).to.include({ number: 8152, message: 'String or binary data would be truncated.' });
    });

    it('counts bytes in VARCHAR under a UTF-8 collation, and keeps what 1252 would lose', async () => {
      const { standin, pool } = await connect({ varcharCodePage: 65001 });
      const { NVarChar } = standin.mssql;
      await run(standin, pool, 'CREATE TABLE [T] ([NAME] VARCHAR(5))');
      await run(standin, pool, 'INSERT INTO [T] ([NAME]) VALUES (@name)', { name: [NVarChar, 'Łód'] }); // 5 bytes
      expect((await failure(run(standin, pool, 'INSERT INTO [T] ([NAME]) VALUES (@name)', { name: [NVarChar, 'Łódź'] }))).number).to.equal(2628);
      expect((await run(standin, pool, 'SELECT [NAME] FROM [T]')).recordset).to.deep.equal([{ NAME: 'Łód' }]);
    });

    it('refuses a parameter longer than its declared length (TDS error 8016)', async () => {
      const { standin, pool } = await connect();
      const { NVarChar } = standin.mssql;
      const error = await failure(run(standin, pool, 'SELECT @name AS [name]', { name: [NVarChar(40), 'x'.repeat(41)] }));
      expect(error.number).to.equal(8016);
      expect(error.message).to.contain('Parameter 3 ("@name"): Data type 0xE7 has an invalid data length or metadata length.');
      const fits = await run(standin, pool, 'SELECT @name AS [name]', { name: [NVarChar(standin.mssql.MAX), 'x'.repeat(5000)] });
      expect((fits.recordset![0]!.name as string).length).to.equal(5000);
    });
  });

  describe('CHAR padding and comparisons', () => {
    it('reads CHAR(n) back padded with spaces to n, VARCHAR as stored', async () => {
      const { standin, pool } = await connect();
      const { NVarChar } = standin.mssql;
      await run(standin, pool, 'CREATE TABLE [T] ([CID] CHAR(10) NOT NULL, [NAME] VARCHAR(10), [UNI] NCHAR(4))');
      await run(standin, pool, 'INSERT INTO [T] ([CID], [NAME], [UNI]) VALUES (@id, @name, @uni)', { id: [NVarChar, 'K01'], name: [NVarChar, 'a  '], uni: [NVarChar, 'é'] });
      expect((await run(standin, pool, 'SELECT [CID], [NAME], [UNI] FROM [T]')).recordset).to.deep.equal([{ CID: 'K01       ', NAME: 'a  ', UNI: 'é   ' }]);
    });

    it('compares with = and IN without regard to case or trailing spaces under the default CI collation', async () => {
      const { standin, pool } = await connect();
      const { NVarChar } = standin.mssql;
      await run(standin, pool, 'CREATE TABLE [T] ([CID] CHAR(10) NOT NULL)');
      await run(standin, pool, "INSERT INTO [T] ([CID]) VALUES ('K01'), ('K02')");
      const equal = await run(standin, pool, 'SELECT [CID] FROM [T] WHERE [CID] = @id', { id: [NVarChar, 'k01'] });
      expect(equal.recordset).to.deep.equal([{ CID: 'K01       ' }]);
      const listed = await run(standin, pool, 'SELECT [CID] FROM [T] WHERE [CID] IN (@a, @b) ORDER BY [CID]', { a: [NVarChar, 'k02  '], b: [NVarChar, 'K01'] });
      expect(listed.recordset!.map((row) => row.CID)).to.deep.equal(['K01       ', 'K02       ']);
    });

    it('compares case-sensitively under a CS collation, trailing spaces still ignored', async () => {
      const { standin, pool } = await connect({ collation: 'CS' });
      const { NVarChar } = standin.mssql;
      await run(standin, pool, 'CREATE TABLE [T] ([CID] VARCHAR(10) NOT NULL)');
      await run(standin, pool, "INSERT INTO [T] ([CID]) VALUES ('K01')");
      expect((await run(standin, pool, 'SELECT [CID] FROM [T] WHERE [CID] = @id', { id: [NVarChar, 'k01'] })).recordset).to.deep.equal([]);
      expect((await run(standin, pool, 'SELECT [CID] FROM [T] WHERE [CID] = @id', { id: [NVarChar, 'K01   '] })).recordset).to.have.length(1);
    });
  });

  describe('keys', () => {
    it("refuses 'K01' next to 'k01 ' in a primary key with 2627, naming the constraint and the value", async () => {
      const { standin, pool } = await connect();
      const { NVarChar } = standin.mssql;
      await run(standin, pool, 'CREATE TABLE [T] ([ID] NVARCHAR(64) NOT NULL, CONSTRAINT [T_PK] PRIMARY KEY ([ID]))');
      await run(standin, pool, 'INSERT INTO [T] ([ID]) VALUES (@id)', { id: [NVarChar, 'k01 '] });
      const error = await failure(run(standin, pool, 'INSERT INTO [T] ([ID]) VALUES (@id)', { id: [NVarChar, 'K01'] }));
      expect(error).to.include({
        number: 2627,
        class: 14,
        message: "Violation of PRIMARY KEY constraint 'T_PK'. Cannot insert duplicate key in object 'dbo.T'. The duplicate key value is (K01).",
      });
    });

    it('refuses a duplicate in a filtered unique index with 2601, and lets rows outside the filter repeat', async () => {
      const { standin, pool } = await connect();
      const { NVarChar } = standin.mssql;
      await run(standin, pool, 'CREATE TABLE [M] ([BOBID] NVARCHAR(64) NOT NULL, [CRMID] NVARCHAR(64) NOT NULL)');
      await run(standin, pool, "CREATE UNIQUE INDEX [M_BOBID] ON [M] ([BOBID]) WHERE [BOBID] <> ''");
      await run(standin, pool, "INSERT INTO [M] ([BOBID], [CRMID]) VALUES ('', '1'), ('', '2'), ('ACME', '3')");
      const error = await failure(run(standin, pool, 'INSERT INTO [M] ([BOBID], [CRMID]) VALUES (@bob, @crm)', { bob: [NVarChar, 'acme '], crm: [NVarChar, '4'] }));
      expect(error).to.include({ number: 2601, message: "Cannot insert duplicate key row in object 'dbo.M' with unique index 'M_BOBID'. The duplicate key value is (acme )." });
    });

    it('keeps keys that differ only in case apart under a CS collation, but not keys that differ in trailing spaces', async () => {
      const { standin, pool } = await connect({ collation: 'CS' });
      await run(standin, pool, 'CREATE TABLE [T] ([ID] VARCHAR(10) NOT NULL PRIMARY KEY)');
      await run(standin, pool, "INSERT INTO [T] ([ID]) VALUES ('k01'), ('K01')");
      expect((await failure(run(standin, pool, "INSERT INTO [T] ([ID]) VALUES ('K01  ')"))).number).to.equal(2627);
    });

    it('finds a duplicate within one multi-row insert, and an UPDATE onto an existing key', async () => {
      const { standin, pool } = await connect();
      await run(standin, pool, 'CREATE TABLE [T] ([ID] INT NOT NULL, [CODE] CHAR(3) NOT NULL, CONSTRAINT [T_UQ] UNIQUE ([CODE]))');
      const twice = await failure(run(standin, pool, "INSERT INTO [T] ([ID], [CODE]) VALUES (1, 'a'), (2, 'b'), (3, 'A')"));
      expect(twice.message).to.equal("Violation of UNIQUE KEY constraint 'T_UQ'. Cannot insert duplicate key in object 'dbo.T'. The duplicate key value is (A  ).");
      await run(standin, pool, "INSERT INTO [T] ([ID], [CODE]) VALUES (1, 'a'), (2, 'b')");
      const update = await failure(run(standin, pool, "UPDATE [T] SET [CODE] = 'B' WHERE [ID] = 1"));
      expect(update.message).to.contain('The duplicate key value is (B  ).');
    });
  });

  describe('NOT NULL', () => {
    it('refuses a NOT NULL column left out of an INSERT with 515, and fills one that has a default', async () => {
      const { standin, pool } = await connect();
      await run(standin, pool, "CREATE TABLE [T] ([ID] INT NOT NULL, [KIND] CHAR(1) NOT NULL DEFAULT 'U', [UNIQUEID] VARCHAR(36) NOT NULL)");
      const error = await failure(run(standin, pool, "INSERT INTO [T] ([ID], [UNIQUEID]) VALUES (1, 'x'); INSERT INTO [T] ([ID]) VALUES (2)"));
      expect(error).to.include({
        number: 515,
        state: 2,
        lineNumber: 1,
        message: "Cannot insert the value NULL into column 'UNIQUEID', table 'BOBTEST.dbo.T'; column does not allow nulls. INSERT fails.",
      });
      // A statement error ends the statement, not the batch or the transaction: the first insert stays.
      expect((await run(standin, pool, 'SELECT [ID], [KIND] FROM [T]')).recordset).to.deep.equal([{ ID: 1, KIND: 'U' }]);
    });
  });

  describe('parameters', () => {
    function manyParams(standin: Standin, count: number): { sql: string; params: Params } {
      const params: Params = {};
      for (let i = 0; i < count; i++) params[`p${i}`] = [standin.mssql.Int, i];
      return { sql: `SELECT COUNT(*) AS [n] FROM [T] WHERE [ID] IN (${Object.keys(params).map((name) => `@${name}`).join(', ')})`, params };
    }

    it('refuses a request of 2101 parameters with 8003, and one of 2099 (sp_executesql takes two of the 2100)', async () => {
      const { standin, pool } = await connect();
      await run(standin, pool, 'CREATE TABLE [T] ([ID] INT NOT NULL)');
      for (const count of [2101, 2099]) {
        const { sql, params } = manyParams(standin, count);
        const error = await failure(run(standin, pool, sql, params));
        expect(error).to.include({ number: 8003, code: 'EREQUEST' });
        expect(error.message).to.contain('The server supports a maximum of 2100 parameters');
      }
      const { sql, params } = manyParams(standin, 2098);
      expect((await run(standin, pool, sql, params)).recordset).to.deep.equal([{ n: 0 }]);
    });

    it('validates parameter values as tedious does (EPARAM)', async () => {
      const { standin, pool } = await connect();
      const error = await failure(run(standin, pool, 'SELECT @n AS [n]', { n: [standin.mssql.Int, 2 ** 31] }));
      expect(error).to.include({ code: 'EPARAM', message: "Validation failed for parameter 'n'. Value must be between -2147483648 and 2147483647, inclusive." });
    });

    it('refuses a variable the request does not declare (137), before running any statement', async () => {
      const { standin, pool } = await connect();
      await run(standin, pool, 'CREATE TABLE [T] ([ID] INT NOT NULL)');
      const error = await failure(run(standin, pool, 'INSERT INTO [T] ([ID]) VALUES (1); INSERT INTO [T] ([ID]) VALUES (@id)'));
      expect(error).to.include({ number: 137, message: 'Must declare the scalar variable "@id".' });
      expect((await run(standin, pool, 'SELECT [ID] FROM [T]')).recordset).to.deep.equal([]);
    });
  });

  describe('NOCOUNT', () => {
    it('gives no row counts with NOCOUNT ON as the server option: rowsAffected is []', async () => {
      const { standin, pool } = await connect({ nocount: true });
      await run(standin, pool, 'CREATE TABLE [T] ([ID] INT NOT NULL)');
      expect((await run(standin, pool, 'INSERT INTO [T] ([ID]) VALUES (1), (2)')).rowsAffected).to.deep.equal([]);
      expect((await run(standin, pool, 'SET NOCOUNT OFF; UPDATE [T] SET [ID] = [ID] + 1')).rowsAffected).to.deep.equal([2]);
    });

    it('gives a count per statement by default, SELECTs included', async () => {
      const { standin, pool } = await connect();
      await run(standin, pool, 'CREATE TABLE [T] ([ID] INT NOT NULL)');
      const result = await run(standin, pool, 'INSERT INTO [T] ([ID]) VALUES (1), (2); DELETE FROM [T] WHERE [ID] = 1; SELECT [ID] FROM [T]; SELECT @@ROWCOUNT AS [n]');
      expect(result.rowsAffected).to.deep.equal([2, 1, 1, 1]);
      expect(result.recordsets).to.deep.equal([[{ ID: 2 }], [{ n: 1 }]]);
    });

    it('lets MssqlExecutor count the rows it changed although the server has NOCOUNT ON', async () => {
      const { db } = await executor({ nocount: true });
      await db.execute('CREATE TABLE [T] ([ID] INT NOT NULL)');
      expect(await db.execute('INSERT INTO [T] ([ID]) VALUES (1), (2)')).to.equal(2);
      await db.close();
    });
  });

  describe('code page of CHAR and VARCHAR columns', () => {
    it('stores what CP1252 lacks as SQL Server does: best-fit letters (ł → l), ? for the rest; NVARCHAR keeps it', async () => {
      const { standin, pool } = await connect();
      const { NVarChar } = standin.mssql;
      await run(standin, pool, 'CREATE TABLE [T] ([V] VARCHAR(20), [C] CHAR(6), [N] NVARCHAR(20))');
      await run(standin, pool, 'INSERT INTO [T] ([V], [C], [N]) VALUES (@v, @c, @n)', { v: [NVarChar, 'Łódź ł € 😀'], c: [NVarChar, 'ł'], n: [NVarChar, 'Łódź ł 😀'] });
      expect((await run(standin, pool, 'SELECT [V], [C], [N] FROM [T]')).recordset).to.deep.equal([{ V: 'Lódz l € ??', C: 'l     ', N: 'Łódź ł 😀' }]);
    });

    it('turns ł into ? when the value is sent as VarChar (tedious encodes it), or without best fit', async () => {
      const { standin, pool } = await connect();
      const { NVarChar, VarChar } = standin.mssql;
      await run(standin, pool, 'CREATE TABLE [T] ([V] VARCHAR(20))');
      await run(standin, pool, 'INSERT INTO [T] ([V]) VALUES (@v)', { v: [VarChar(20), 'Łódź ł'] });
      expect((await run(standin, pool, 'SELECT [V] FROM [T]')).recordset).to.deep.equal([{ V: '?ód? ?' }]);
      const strict = await connect({ varcharBestFit: false });
      await run(strict.standin, strict.pool, 'CREATE TABLE [T] ([V] VARCHAR(20))');
      await run(strict.standin, strict.pool, 'INSERT INTO [T] ([V]) VALUES (@v)', { v: [NVarChar, 'ł'] });
      expect((await run(strict.standin, strict.pool, 'SELECT [V] FROM [T]')).recordset).to.deep.equal([{ V: '?' }]);
    });
  });

  describe('T-SQL the stand-in does not pass silently', () => {
    const cases: Array<[string, number | 'ESTANDIN']> = [
      ['SELECT [ID] FROM [T] ORDER BY [ID] LIMIT 10', 102],
      ['SELECT [ID] || [ID] FROM [T]', 102],
      ['CREATE TABLE IF NOT EXISTS [U] ([ID] INT)', 102],
      ['INSERT OR IGNORE INTO [T] ([ID]) VALUES (1)', 102],
      ['BEGIN IMMEDIATE', 102],
      ['SELECT [name] FROM pragma_table_info(@table)', 208],
      ['SELECT [ID] FROM [T] WHERE [ID] = TRUE', 207],
      ['SELECT [ID] FROM [T] WHERE [NAME] = "x"', 207],
      ['SELECT [ID] FROM [NOPE]', 208],
      ['SELECT [ID] FROM [T] WHERE [ID]', 4145],
      ['SELECT [ID], COUNT(*) AS [n] FROM [T]', 8120],
      ['MERGE [T] USING [T] AS [s] ON 1 = 1 WHEN MATCHED THEN DELETE;', 'ESTANDIN'],
      ["SELECT [ID] FROM [T] WHERE [NAME] LIKE 'a%'", 'ESTANDIN'],
      ['EXEC sp_getapplock @Resource = N\'x\', @LockMode = \'Exclusive\'', 'ESTANDIN'],
    ];
    for (const [sql, expected] of cases) {
      it(`${sql} → ${expected}`, async () => {
        const { standin, pool } = await connect();
        await run(standin, pool, 'CREATE TABLE [T] ([ID] INT NOT NULL, [NAME] NVARCHAR(10))');
        const error = await failure(run(standin, pool, sql, sql.includes('@table') ? { table: [standin.mssql.NVarChar, 'T'] } : {}));
        if (expected === 'ESTANDIN') {
          expect(error).to.be.instanceOf(StandinUnsupportedError);
          expect(error.code).to.equal('ESTANDIN');
        } else {
          expect(error.number, error.message).to.equal(expected);
        }
      });
    }

    it('resolves identifiers case-sensitively in a CS database (207)', async () => {
      const { standin, pool } = await connect({ collation: 'CS' });
      await run(standin, pool, 'CREATE TABLE [T] ([CID] INT NOT NULL)');
      expect((await failure(run(standin, pool, 'SELECT [cid] FROM [T]'))).message).to.equal("Invalid column name 'cid'.");
    });
  });

  describe('batches, errors and transactions', () => {
    it('rejects with the last error of a batch and the earlier ones in precedingErrors, having run the rest', async () => {
      const { standin, pool } = await connect();
      await run(standin, pool, 'CREATE TABLE [T] ([ID] INT NOT NULL PRIMARY KEY)');
      await run(standin, pool, 'INSERT INTO [T] ([ID]) VALUES (1)');
      const error = await failure(run(standin, pool, 'INSERT INTO [T] ([ID]) VALUES (1);\nINSERT INTO [T] ([ID]) VALUES (2);\nINSERT INTO [T] ([ID]) VALUES (NULL)'));
      expect(error).to.include({ number: 515, lineNumber: 3 });
      expect(error.precedingErrors!.map((preceding) => [preceding.number, preceding.lineNumber])).to.deep.equal([[2627, 1]]);
      expect((await run(standin, pool, 'SELECT [ID] FROM [T] ORDER BY [ID]')).recordset).to.deep.equal([{ ID: 1 }, { ID: 2 }]);
    });

    it('rolls a transaction back, DDL included', async () => {
      const { standin, pool } = await connect();
      const transaction = new standin.mssql.Transaction(pool);
      await transaction.begin();
      await run(standin, transaction, 'CREATE TABLE [T] ([ID] INT NOT NULL)');
      await run(standin, transaction, 'INSERT INTO [T] ([ID]) VALUES (1)');
      await transaction.rollback();
      expect((await failure(run(standin, pool, 'SELECT [ID] FROM [T]'))).number).to.equal(208);
    });

    it('refuses a second request on a transaction while one runs (EREQINPROG), as mssql does', async () => {
      const { standin, pool } = await connect();
      const transaction = new standin.mssql.Transaction(pool);
      await transaction.begin();
      const first = run(standin, transaction, 'SELECT 1 AS [one]');
      const second = await failure(run(standin, transaction, 'SELECT 2 AS [two]'));
      expect(second).to.be.instanceOf(TransactionError);
      expect(second.code).to.equal('EREQINPROG');
      await first;
      await transaction.commit();
    });

    it("makes another connection wait for an open transaction, and time out (ETIMEOUT)", async () => {
      const { standin, pool } = await connect({ lockTimeoutMs: 50 });
      await run(standin, pool, 'CREATE TABLE [T] ([ID] INT NOT NULL)');
      const transaction = new standin.mssql.Transaction(pool);
      await transaction.begin();
      await run(standin, transaction, 'INSERT INTO [T] ([ID]) VALUES (1)');
      const error = await failure(run(standin, pool, 'SELECT [ID] FROM [T]'));
      expect(error.code).to.equal('ETIMEOUT');
      await transaction.commit();
      expect((await run(standin, pool, 'SELECT [ID] FROM [T]')).recordset).to.deep.equal([{ ID: 1 }]);
    });

    it('streams rows in order with backpressure, and ends the stream with a server error', async () => {
      const { standin, pool } = await connect();
      await run(standin, pool, 'CREATE TABLE [T] ([ID] INT NOT NULL)');
      await run(standin, pool, `INSERT INTO [T] ([ID]) VALUES ${Array.from({ length: 300 }, (_, i) => `(${i})`).join(', ')}`);
      const request = new standin.mssql.Request(pool);
      const stream = request.toReadableStream({ highWaterMark: 10 });
      void request.query('SELECT [ID] FROM [T] ORDER BY [ID] DESC');
      const ids: number[] = [];
      for await (const row of stream) ids.push((row as { ID: number }).ID);
      expect(ids).to.have.length(300);
      expect(ids[0]).to.equal(299);
      const failing = new standin.mssql.Request(pool);
      const failed = failing.toReadableStream();
      void failing.query('SELECT [NOPE] FROM [T]');
      let caught: unknown;
      try {
        for await (const row of failed) void row;
      } catch (error) {
        caught = error;
      }
      expect((caught as RequestError).number).to.equal(207);
    });
  });

  describe('catalog', () => {
    it('describes columns in INFORMATION_SCHEMA.COLUMNS and sys.columns as SQL Server does', async () => {
      const { standin, pool } = await connect();
      await run(standin, pool, "CREATE TABLE [T] ([CID] CHAR(10) NOT NULL, [CNAME1] VARCHAR(40), [NOTE] NVARCHAR(MAX), [FLAG] BIT NOT NULL DEFAULT 0)");
      const columns = await run(
        standin,
        pool,
        'SELECT [COLUMN_NAME], [DATA_TYPE], [CHARACTER_MAXIMUM_LENGTH], [IS_NULLABLE], [COLUMN_DEFAULT] FROM [INFORMATION_SCHEMA].[COLUMNS] ' +
          'WHERE [TABLE_NAME] = @table AND [TABLE_SCHEMA] = OBJECT_SCHEMA_NAME(OBJECT_ID(@table)) ORDER BY [ORDINAL_POSITION]',
        { table: [standin.mssql.NVarChar, 't'] },
      );
      expect(columns.recordset).to.deep.equal([
        { COLUMN_NAME: 'CID', DATA_TYPE: 'char', CHARACTER_MAXIMUM_LENGTH: 10, IS_NULLABLE: 'NO', COLUMN_DEFAULT: null },
        { COLUMN_NAME: 'CNAME1', DATA_TYPE: 'varchar', CHARACTER_MAXIMUM_LENGTH: 40, IS_NULLABLE: 'YES', COLUMN_DEFAULT: null },
        { COLUMN_NAME: 'NOTE', DATA_TYPE: 'nvarchar', CHARACTER_MAXIMUM_LENGTH: -1, IS_NULLABLE: 'YES', COLUMN_DEFAULT: null },
        { COLUMN_NAME: 'FLAG', DATA_TYPE: 'bit', CHARACTER_MAXIMUM_LENGTH: null, IS_NULLABLE: 'NO', COLUMN_DEFAULT: '((0))' },
      ]);
      const sys = await run(standin, pool, "SELECT [name], [max_length], [is_nullable] FROM [sys].[columns] WHERE [object_id] = OBJECT_ID('dbo.T') ORDER BY [column_id]");
      expect(sys.recordset!.map((row) => [row.name, row.max_length, row.is_nullable])).to.deep.equal([
        ['CID', 10, false], ['CNAME1', 40, true], ['NOTE', -1, true], ['FLAG', 1, false],
      ]);
    });
  });

  describe('through MssqlExecutor', () => {
    it('maps a refused login to an unavailable error', async () => {
      const standin = createStandin({ connectError: 'ELOGIN' });
      opened.push(standin);
      try {
        await openBobFromConnectionString(CONNECTION, { driver: standin.mssql });
        expect.fail('connected');
      } catch (error) {
        expect(error).to.be.instanceOf(BobsyncError);
        expect((error as BobsyncError).code).to.equal('unavailable');
        expect((error as BobsyncError).message).to.contain('refused the SQL login "bobsync"');
      }
    });

    it('lists columns of a table through OBJECT_ID, without regard to the case of its name', async () => {
      const { db } = await executor();
      await db.execute('CREATE TABLE [AC_COMPAN] ([CID] CHAR(10) NOT NULL, [CNAME1] VARCHAR(40))');
      expect((await db.columns('ac_compan'))?.map((column) => column.name)).to.deep.equal(['CID', 'CNAME1']);
      expect(await db.columns('AC_CONTACT')).to.equal(null);
      await db.close();
    });
  });

  describe('application locks (sp_getapplock, session owner)', () => {
    async function getLock(standin: Standin, pool: Pool, resource: string): Promise<number> {
      const request = new standin.mssql.Request(pool);
      request.input('Resource', standin.mssql.NVarChar(255), resource);
      request.input('LockMode', standin.mssql.VarChar(32), 'Exclusive');
      request.input('LockOwner', standin.mssql.VarChar(32), 'Session');
      request.input('LockTimeout', standin.mssql.Int, 0);
      return (await request.execute('sp_getapplock')).returnValue;
    }

    it('grants a lock to one session and refuses another (-1), without regard to case', async () => {
      const { standin, pool } = await connect();
      const other = new standin.mssql.ConnectionPool({ database: 'BOBTEST' });
      await other.connect();
      expect(await getLock(standin, pool, 'bobsync:run')).to.equal(0);
      expect(await getLock(standin, pool, 'bobsync:run')).to.equal(0);
      expect(await getLock(standin, other, 'BOBSYNC:RUN')).to.equal(-1);
      expect(await getLock(standin, other, 'bobsync:other')).to.equal(0);
    });

    it("releases a session's locks when its connection closes", async () => {
      const { standin, pool } = await connect();
      const other = new standin.mssql.ConnectionPool({ database: 'BOBTEST' });
      await other.connect();
      expect(await getLock(standin, pool, 'bobsync:run')).to.equal(0);
      await pool.close();
      expect(await getLock(standin, other, 'bobsync:run')).to.equal(0);
    });

    it('drops the locks of a process that no longer runs, as the server drops a dead connection', async () => {
      const { standin, pool } = await connect();
      standin.server.db.prepare('INSERT INTO "__applocks" VALUES (?, ?, ?)').run('bobsync:run', 'a-dead-session', 2 ** 22 + 12345);
      expect(await getLock(standin, pool, 'bobsync:run')).to.equal(0);
    });

    it('refuses what it does not emulate: another lock mode, a wait, a transaction owner', async () => {
      const { standin, pool } = await connect();
      const request = new standin.mssql.Request(pool);
      request.input('Resource', standin.mssql.NVarChar(255), 'x');
      request.input('LockOwner', standin.mssql.VarChar(32), 'Transaction');
      expect((await failure(request.execute('sp_getapplock'))).code).to.equal('ESTANDIN');
    });
  });

  describe('a shared file (two workstations)', () => {
    it('shows one stand-in the tables another created, and its locks', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-'));
      const file = path.join(dir, 'shared.sqlite');
      const first = createStandin({ file });
      const second = createStandin({ file });
      opened.push(first, second);
      const a = new first.mssql.ConnectionPool({ database: 'BOBTEST' });
      const b = new second.mssql.ConnectionPool({ database: 'BOBTEST' });
      await a.connect();
      await b.connect();
      await run(first, a, 'CREATE TABLE [T] ([ID] INT NOT NULL PRIMARY KEY, [NAME] VARCHAR(5))');
      await run(first, a, "INSERT INTO [T] ([ID], [NAME]) VALUES (1, 'one')");
      expect((await run(second, b, 'SELECT [NAME] FROM [T]')).recordset).to.deep.equal([{ NAME: 'one' }]);
      expect((await failure(run(second, b, "INSERT INTO [T] ([ID], [NAME]) VALUES (2, 'toolong')"))).number).to.equal(2628);
      first.close();
      second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
});
