import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { BobsyncError } from '../../../src/errors.js';
import type { SqlExecutor } from '../../../src/sources/bob/executor.js';
import { openSqliteExecutor } from '../../../src/sources/bob/sqlite-executor.js';
import { createStateStore } from '../../../src/sources/state/state-store.js';
import { sqliteHarness } from '../bob/harness.js';
import { stateStoreCases } from './state-store-cases.js';

stateStoreCases(sqliteHarness());

describe('createStateStore prefix', () => {
  // The prefix is checked before the database is touched.
  const unused = {} as SqlExecutor;
  const table: Array<[string, boolean]> = [
    ['BSY_', true], ['bobsync', true], ['A', true], ['A234567890123456', true],
    ['A2345678901234567', false], ['1BSY_', false], ['_BSY', false], ['BSY-', false], ['BSY]; DROP', false], ['', false],
  ];
  for (const [prefix, valid] of table) {
    it(`${valid ? 'accepts' : 'refuses'} the prefix ${JSON.stringify(prefix)}`, () => {
      if (valid) expect(createStateStore(unused, prefix)).to.have.property('migrate');
      else expect(() => createStateStore(unused, prefix)).to.throw(BobsyncError, '"statePrefix"');
    });
  }
});

describe('createStateStore over a minimal executor', () => {
  it('works with an executor that has neither executeMany nor capabilities', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
    const full = openSqliteExecutor(path.join(dir, 'state.sqlite'), { create: true });
    const minimal: SqlExecutor = {
      query: (sql, params) => full.query(sql, params),
      iterate: (sql, params) => full.iterate(sql, params),
      execute: (sql, params) => full.execute(sql, params),
      transaction: (fn) => full.transaction(fn),
      columns: (table) => full.columns(table),
      description: full.description,
      close: () => full.close(),
    };
    try {
      const state = createStateStore(minimal);
      await state.migrate(new Date('2024-06-01T08:00:00Z'));
      await state.upsertMapping([{ bobId: 'A', crmId: '1', noSync: false, linkedAt: '', lastSyncAt: '' }]);
      const row = { proposalId: 'P1', key: 'B2C:A', sheet: 'bobToCrm' as const, cellHash: 'h', sources: [], payload: '{}' };
      await state.registerProposal(
        { id: 'P1', createdAt: '', createdBy: '', format: 'csv', lang: 'en', fileSha256: '', metaSha256: '', outputPath: '', status: 'open', appliedRun: '' },
        [row, { ...row, key: 'B2C:B' }],
      );
      const keys: string[] = [];
      for await (const read of state.proposalRows('P1')) keys.push(read.key);
      expect(keys).to.deep.equal(['B2C:A', 'B2C:B']);
      expect(await state.mapping()).to.have.length(1);
    } finally {
      await full.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
