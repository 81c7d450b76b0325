/** SqlExecutor behaviour every engine must show; run by the SQLite suite and the SQL Server suite. */
import { expect } from 'chai';
import type { SqlExecutor, SqlParams } from '../../../src/sources/bob/executor.js';
import { useHarness, type DatabaseHarness } from './harness.js';

export function executorCases(harness: DatabaseHarness): void {
  describe(`SqlExecutor (${harness.engine})`, () => {
    useHarness(harness);

    async function itemTable(db: SqlExecutor): Promise<string> {
      const table = harness.table('ITEM');
      await db.execute(`CREATE TABLE [${table}] ([ID] INT NOT NULL PRIMARY KEY, [NAME] NVARCHAR(40) NOT NULL, [FLAG] INT, [NOTE] NVARCHAR(40))`);
      return table;
    }

    function items(count: number): SqlParams[] {
      return Array.from({ length: count }, (_, index) => ({ id: index + 1, name: `item ${index + 1}`, flag: index % 2 === 0, note: null }));
    }

    const insertItem = (table: string): string =>
      `INSERT INTO [${table}] ([ID], [NAME], [FLAG], [NOTE]) VALUES (@id, @name, @flag, @note)`;

    it('binds named parameters and returns the rows of a query', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      await db.execute(insertItem(table), { id: 1, name: 'first', flag: true, note: 'n' });
      await db.execute(insertItem(table), { id: 2, name: 'second', flag: false, note: null });
      const rows = await db.query(`SELECT [ID], [NAME], [FLAG], [NOTE] FROM [${table}] WHERE [ID] = @id OR [NAME] = @name ORDER BY [ID]`, {
        id: 2,
        name: 'nobody',
      });
      expect(rows).to.deep.equal([{ ID: 2, NAME: 'second', FLAG: 0, NOTE: null }]);
    });

    it('binds a parameter used twice in the statement', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      await db.executeMany!(insertItem(table), items(3));
      const rows = await db.query(`SELECT [ID] FROM [${table}] WHERE [ID] >= @id AND [FLAG] = @flag AND [ID] <> @id ORDER BY [ID]`, {
        id: 1,
        flag: 1,
      });
      expect(rows.map((row) => row.ID)).to.deep.equal([3]);
    });

    it('binds booleans as 1 and 0', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      await db.execute(insertItem(table), { id: 1, name: 'yes', flag: true, note: null });
      await db.execute(insertItem(table), { id: 2, name: 'no', flag: false, note: null });
      const rows = await db.query(`SELECT [FLAG] FROM [${table}] ORDER BY [ID]`);
      expect(rows.map((row) => row.FLAG)).to.deep.equal([1, 0]);
    });

    it('returns the number of rows a statement changed', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      await db.executeMany!(insertItem(table), items(5));
      expect(await db.execute(`UPDATE [${table}] SET [NOTE] = @note WHERE [FLAG] = 1`, { note: 'odd' })).to.equal(3);
      expect(await db.execute(`DELETE FROM [${table}] WHERE [ID] > @id`, { id: 100 })).to.equal(0);
    });

    it('inserts every parameter set with executeMany, from an async iterable too', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      async function* generate(): AsyncIterable<SqlParams> {
        for (const params of items(1234)) yield params;
      }
      expect(await db.executeMany!(insertItem(table), generate())).to.equal(1234);
      const [row] = await db.query(`SELECT COUNT(*) AS [n], SUM([ID]) AS [total] FROM [${table}]`);
      expect(Number(row!.n)).to.equal(1234);
      expect(Number(row!.total)).to.equal((1234 * 1235) / 2);
    });

    it('iterates over every row in order', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      await db.executeMany!(insertItem(table), items(2500));
      const ids: number[] = [];
      for await (const row of db.iterate<{ ID: number }>(`SELECT [ID] FROM [${table}] WHERE [ID] > @from ORDER BY [ID] DESC`, { from: 500 })) {
        ids.push(row.ID);
      }
      expect(ids).to.have.length(2000);
      expect(ids[0]).to.equal(2500);
      expect(ids.at(-1)).to.equal(501);
    });

    it('stops iterating early without leaving the executor unusable', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      await db.executeMany!(insertItem(table), items(50));
      for await (const row of db.iterate(`SELECT [ID] FROM [${table}] ORDER BY [ID]`)) {
        expect(row.ID).to.equal(1);
        break;
      }
      expect(await db.execute(`DELETE FROM [${table}] WHERE [ID] = @id`, { id: 1 })).to.equal(1);
    });

    it('commits a transaction whose function resolves', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      const result = await db.transaction(async (tx) => {
        await tx.execute(insertItem(table), { id: 1, name: 'kept', flag: true, note: null });
        await tx.execute(insertItem(table), { id: 2, name: 'kept too', flag: true, note: null });
        return 'done';
      });
      expect(result).to.equal('done');
      const other = await harness.open();
      expect(await other.query(`SELECT [NAME] FROM [${table}] ORDER BY [ID]`)).to.deep.equal([{ NAME: 'kept' }, { NAME: 'kept too' }]);
    });

    it('rolls back a transaction whose function throws, and rethrows the error', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      await db.execute(insertItem(table), { id: 1, name: 'before', flag: true, note: null });
      const failure = new Error('stop here');
      let caught: unknown;
      try {
        await db.transaction(async (tx) => {
          await tx.execute(insertItem(table), { id: 2, name: 'lost', flag: true, note: null });
          await tx.execute(`UPDATE [${table}] SET [NAME] = @name WHERE [ID] = @id`, { id: 1, name: 'changed' });
          throw failure;
        });
      } catch (error) {
        caught = error;
      }
      expect(caught).to.equal(failure);
      expect(await db.query(`SELECT [ID], [NAME] FROM [${table}]`)).to.deep.equal([{ ID: 1, NAME: 'before' }]);
    });

    it('rolls back a transaction when a statement in it fails', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      let failed = false;
      try {
        await db.transaction(async (tx) => {
          await tx.execute(insertItem(table), { id: 1, name: 'lost', flag: true, note: null });
          await tx.execute(insertItem(table), { id: 1, name: 'duplicate key', flag: true, note: null });
        });
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
      expect(await db.query(`SELECT [ID] FROM [${table}]`)).to.deep.equal([]);
    });

    it('lets the loop body write through tx while iterating inside a transaction', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      await db.executeMany!(insertItem(table), items(10));
      await db.transaction(async (tx) => {
        for await (const row of tx.iterate<{ ID: number }>(`SELECT [ID] FROM [${table}] ORDER BY [ID]`)) {
          await tx.execute(`UPDATE [${table}] SET [NOTE] = @note WHERE [ID] = @id`, { id: row.ID, note: `seen ${row.ID}` });
        }
      });
      const rows = await db.query(`SELECT [NOTE] FROM [${table}] WHERE [NOTE] IS NOT NULL`);
      expect(rows).to.have.length(10);
    });

    it('lists the columns of a table, and returns null for a missing table', async () => {
      const db = await harness.open();
      const table = await itemTable(db);
      expect((await db.columns(table))?.map((column) => column.name)).to.deep.equal(['ID', 'NAME', 'FLAG', 'NOTE']);
      expect(await db.columns(harness.table('MISSING'))).to.equal(null);
    });
  });
}
