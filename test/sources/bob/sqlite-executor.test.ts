import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BobsyncError } from '../../../src/errors.js';
import { openSqliteExecutor } from '../../../src/sources/bob/sqlite-executor.js';
import { executorCases } from './executor-cases.js';
import { sqliteHarness } from './harness.js';

executorCases(sqliteHarness());

describe('openSqliteExecutor', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function openError(file: string): BobsyncError {
    try {
      openSqliteExecutor(file);
    } catch (error) {
      expect(error).to.be.instanceOf(BobsyncError);
      return error as BobsyncError;
    }
    throw new Error(`opened ${file}`);
  }

  it('reports a missing file as missing input, naming the file and the configuration key', () => {
    const file = path.join(dir, 'nope.sqlite');
    const error = openError(file);
    expect(error.code).to.equal('missing-input');
    expect(error.message).to.equal(`BOB database not found: ${file}`);
    expect(error.hint).to.contain('"bob.file"');
    expect(fs.existsSync(file)).to.equal(false);
  });

  it('reports a file that is not a SQLite database as bad input', () => {
    const file = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(file, 'These are not the tables you are looking for.\n'.repeat(100));
    const error = openError(file);
    expect(error.code).to.equal('bad-input');
    expect(error.message).to.contain(file);
  });

  it('creates the file when asked to', async () => {
    const file = path.join(dir, 'new.sqlite');
    const db = openSqliteExecutor(file, { create: true });
    await db.execute('CREATE TABLE [T] ([A] INT)');
    await db.close();
    expect(fs.existsSync(file)).to.equal(true);
    expect(openSqliteExecutor(file).description).to.equal(file);
  });

  it('refuses to write through a read-only executor', async () => {
    const file = path.join(dir, 'ro.sqlite');
    const writer = openSqliteExecutor(file, { create: true });
    await writer.execute('CREATE TABLE [T] ([A] INT)');
    await writer.close();
    const reader = openSqliteExecutor(file, { readonly: true });
    try {
      expect(await reader.query('SELECT COUNT(*) AS [n] FROM [T]')).to.deep.equal([{ n: 0 }]);
      let failed = false;
      try {
        await reader.execute('INSERT INTO [T] ([A]) VALUES (@a)', { a: 1 });
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
    } finally {
      await reader.close();
    }
  });

  it('stores dates as ISO text and binds buffers', async () => {
    const db = openSqliteExecutor(path.join(dir, 'types.sqlite'), { create: true });
    try {
      await db.execute('CREATE TABLE [T] ([D] DATETIME, [B] BLOB)');
      await db.execute('INSERT INTO [T] ([D], [B]) VALUES (@d, @b)', { d: new Date('2024-01-02T03:04:05.006Z'), b: Buffer.from([1, 2]) });
      const [row] = await db.query('SELECT [D], [B] FROM [T]');
      expect(row!.D).to.equal('2024-01-02T03:04:05.006Z');
      expect(Buffer.from(row!.B as Buffer).equals(Buffer.from([1, 2]))).to.equal(true);
    } finally {
      await db.close();
    }
  });

  it('keeps a statement of another flow out of an open transaction', async () => {
    const db = openSqliteExecutor(path.join(dir, 'flows.sqlite'), { create: true });
    try {
      await db.execute('CREATE TABLE [T] ([A] INT)');
      let entered = (): void => undefined;
      let release = (): void => undefined;
      const insideStarted = new Promise<void>((resolve) => (entered = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      const inside = db.transaction(async (tx) => {
        await tx.execute('INSERT INTO [T] ([A]) VALUES (@a)', { a: 1 });
        entered();
        await released;
        throw new Error('roll back');
      });
      await insideStarted;
      // This flow writes while the transaction is open; the transaction then fails.
      const outside = db.execute('INSERT INTO [T] ([A]) VALUES (@a)', { a: 2 });
      release();
      await inside.catch(() => undefined);
      expect(await outside).to.equal(1);
      expect(await db.query('SELECT [A] FROM [T]')).to.deep.equal([{ A: 2 }]);
    } finally {
      await db.close();
    }
  });

  it('joins a nested transaction to the open one', async () => {
    const db = openSqliteExecutor(path.join(dir, 'nested.sqlite'), { create: true });
    try {
      await db.execute('CREATE TABLE [T] ([A] INT)');
      await db
        .transaction(async (tx) => {
          await tx.transaction((inner) => inner.execute('INSERT INTO [T] ([A]) VALUES (@a)', { a: 1 }));
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect(await db.query('SELECT [A] FROM [T]')).to.deep.equal([]);
    } finally {
      await db.close();
    }
  });
});

describe('SqliteExecutor iterate', () => {
  it('runs the same query in two flows at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
    const db = openSqliteExecutor(path.join(dir, 'twice.sqlite'), { create: true });
    try {
      await db.execute('CREATE TABLE [T] ([A] INT)');
      await db.executeMany!('INSERT INTO [T] ([A]) VALUES (@a)', [{ a: 1 }, { a: 2 }, { a: 3 }]);
      const collect = async (): Promise<unknown[]> => {
        const values: unknown[] = [];
        for await (const row of db.iterate('SELECT [A] FROM [T] ORDER BY [A]')) values.push(row.A);
        return values;
      };
      expect(await Promise.all([collect(), collect()])).to.deep.equal([[1, 2, 3], [1, 2, 3]]);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SqliteExecutor concurrent flows', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs two transactions started in the same tick one after the other', async () => {
    const db = openSqliteExecutor(path.join(dir, 'race.sqlite'), { create: true });
    await db.execute('CREATE TABLE [T] ([N] INTEGER)');
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    await Promise.all(
      [1, 2, 3].map((n) =>
        db.transaction(async (tx) => {
          await tx.execute('INSERT INTO [T] ([N]) VALUES (@n)', { n });
          await tick();
          await tx.execute('INSERT INTO [T] ([N]) VALUES (@n)', { n: n * 10 });
        }),
      ),
    );
    const rows = await db.query<{ N: number }>('SELECT [N] FROM [T] ORDER BY [N]');
    expect(rows.map((r) => r.N)).to.deep.equal([1, 2, 3, 10, 20, 30]);
    await db.close();
  });

  it('keeps a statement started in the same tick as a transaction out of it', async () => {
    const db = openSqliteExecutor(path.join(dir, 'race2.sqlite'), { create: true });
    await db.execute('CREATE TABLE [T] ([N] INTEGER)');
    const failing = db.transaction(async (tx) => {
      await tx.execute('INSERT INTO [T] ([N]) VALUES (1)');
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('roll back');
    });
    const outside = db.execute('INSERT INTO [T] ([N]) VALUES (2)');
    await Promise.allSettled([failing, outside]);
    const rows = await db.query<{ N: number }>('SELECT [N] FROM [T]');
    // The rollback must not take the outside insert with it.
    expect(rows.map((r) => r.N)).to.deep.equal([2]);
    await db.close();
  });
});

describe('iterateBatches', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives every row once, in arrays of at most the size asked, with or without the executor batching itself', async () => {
    const db = openSqliteExecutor(path.join(dir, 'batches.sqlite'), { create: true });
    await db.execute('CREATE TABLE [T] ([N] INTEGER)');
    await db.executeMany!('INSERT INTO [T] ([N]) VALUES (@n)', Array.from({ length: 25 }, (_, n) => ({ n })));
    const { iterateBatches } = await import('../../../src/sources/bob/executor.js');
    const plain: typeof db = { ...db, iterate: db.iterate.bind(db), iterateBatches: undefined } as typeof db;
    for (const executor of [db, plain]) {
      const sizes: number[] = [];
      const seen: number[] = [];
      for await (const batch of iterateBatches<{ N: number }>(executor, 'SELECT [N] FROM [T] ORDER BY [N]', undefined, 10)) {
        sizes.push(batch.length);
        seen.push(...batch.map((r) => r.N));
      }
      expect(sizes).to.deep.equal([10, 10, 5]);
      expect(seen).to.deep.equal(Array.from({ length: 25 }, (_, n) => n));
    }
    await db.close();
  });
});

describe('iterateRawBatches', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the column names and every row as values, with or without the executor doing it itself, and leaves the cached statement as it was', async () => {
    const db = openSqliteExecutor(path.join(dir, 'raw.sqlite'), { create: true });
    await db.execute('CREATE TABLE [T] ([N] INTEGER, [S] TEXT)');
    await db.executeMany!('INSERT INTO [T] ([N], [S]) VALUES (@n, @s)', Array.from({ length: 7 }, (_, n) => ({ n, s: `v${n}` })));
    const { iterateRawBatches } = await import('../../../src/sources/bob/executor.js');
    const sql = 'SELECT [N], [S] FROM [T] ORDER BY [N]';
    const plain = { ...db, iterate: db.iterate.bind(db), iterateBatches: undefined, iterateRawBatches: undefined } as typeof db;
    for (const executor of [db, plain]) {
      const rows: unknown[][] = [];
      for await (const batch of iterateRawBatches(executor, sql, undefined, 3)) {
        expect(batch.columns).to.deep.equal(['N', 'S']);
        rows.push(...batch.rows);
      }
      expect(rows).to.deep.equal(Array.from({ length: 7 }, (_, n) => [n, `v${n}`]));
    }
    expect(await db.query(sql)).to.deep.include({ N: 0, S: 'v0' });
    await db.close();
  });
});
