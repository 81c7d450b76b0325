import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createDemo, DEMO_FILES } from '../../src/demo/create-demo.js';
import { isBobsyncError } from '../../src/errors.js';

function count(file: string, sql: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createDemo', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes the BOB database, the CRM simulator database and the configuration', async () => {
    const dir = path.join(root, 'demo');
    const summary = await createDemo({ dir, customers: 40, seed: 3 });

    // before reading the databases: a read-only connection leaves SQLite's -shm/-wal files behind
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['bob.sqlite', 'bobsync.config.json', 'crm.sqlite']);
    expect(summary.files).to.deep.equal({
      bob: path.join(dir, 'bob.sqlite'), crm: path.join(dir, 'crm.sqlite'), config: path.join(dir, 'bobsync.config.json'),
    });
    expect(summary).to.include({ dir, customers: 40, seed: 3 });
    expect(summary.counts.bobCustomers).to.equal(40);

    const bob = summary.files.bob;
    expect(count(bob, "SELECT COUNT(*) AS n FROM AC_COMPAN WHERE CCUSTYPE = 'C'")).to.equal(40);
    expect(count(bob, "SELECT COUNT(*) AS n FROM AC_COMPAN WHERE CCUSTYPE <> 'C'")).to.equal(summary.counts.bobSuppliers);
    expect(count(bob, 'SELECT COUNT(*) AS n FROM AC_CONTACT')).to.equal(summary.counts.bobContacts);
    expect(count(bob, 'SELECT COUNT(*) AS n FROM BSY_MAPPING')).to.equal(summary.counts.mappingEntries);
    expect(summary.counts.mappingEntries).to.be.above(0);
    expect(count(bob, 'SELECT COUNT(*) AS n FROM AC_COMPAN WHERE XSECTOR IS NOT NULL')).to.be.above(0);

    expect(count(summary.files.crm, 'SELECT COUNT(*) AS n FROM company')).to.equal(summary.counts.crmCompanies);
    expect(count(summary.files.crm, 'SELECT COUNT(*) AS n FROM person')).to.equal(summary.counts.crmPersons);

    const config = JSON.parse(fs.readFileSync(summary.files.config, 'utf8'));
    expect(config).to.deep.equal({
      bob: { driver: 'sqlite', file: 'bob.sqlite' },
      crm: { driver: 'sim', file: 'crm.sqlite' },
      personalFields: [
        { column: 'XSECTOR', label: 'Sector' },
        { column: 'XACCMGR', label: 'Account manager' },
        { column: 'XREGION', label: 'Region' },
      ],
      lang: 'nl',
    });
  });

  it('creates 300 customers by default', async () => {
    const summary = await createDemo({ dir: path.join(root, 'd') });
    expect(summary.customers).to.equal(300);
    expect(summary.counts.bobCustomers).to.equal(300);
  });

  it('refuses a folder that already holds a demo environment and leaves it untouched', async () => {
    const dir = path.join(root, 'demo');
    await createDemo({ dir, customers: 5, seed: 1 });
    const configFile = path.join(dir, DEMO_FILES.config);
    fs.writeFileSync(configFile, '{"edited": true}');

    const error = await rejection(createDemo({ dir, customers: 5, seed: 2 }));
    expect(isBobsyncError(error, 'cannot-write')).to.equal(true);
    expect((error as Error).message).to.equal(`${dir} already holds a demo environment`);
    expect((error as { hint?: string }).hint).to.contain('--force');
    expect(fs.readFileSync(configFile, 'utf8')).to.equal('{"edited": true}');
  });

  it('refuses a folder holding only one of the three files', async () => {
    const dir = path.join(root, 'demo');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'crm.sqlite'), 'not mine to overwrite');
    const error = await rejection(createDemo({ dir, customers: 5 }));
    expect(isBobsyncError(error, 'cannot-write')).to.equal(true);
    expect(fs.readFileSync(path.join(dir, 'crm.sqlite'), 'utf8')).to.equal('not mine to overwrite');
    expect(fs.existsSync(path.join(dir, 'bob.sqlite'))).to.equal(false);
  });

  it('replaces the three files with force and keeps every other file of the folder', async () => {
    const dir = path.join(root, 'demo');
    await createDemo({ dir, customers: 5, seed: 1 });
    fs.writeFileSync(path.join(dir, 'proposal.xlsx'), 'keep me');
    fs.writeFileSync(path.join(dir, DEMO_FILES.config), '{"edited": true}');

    const summary = await createDemo({ dir, customers: 12, seed: 2, force: true });
    // before reading the databases: a read-only connection leaves SQLite's -shm/-wal files behind
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['bob.sqlite', 'bobsync.config.json', 'crm.sqlite', 'proposal.xlsx']);
    expect(fs.readFileSync(path.join(dir, 'proposal.xlsx'), 'utf8')).to.equal('keep me');
    expect(summary.counts.bobCustomers).to.equal(12);
    expect(count(summary.files.bob, "SELECT COUNT(*) AS n FROM AC_COMPAN WHERE CCUSTYPE = 'C'")).to.equal(12);
    expect(JSON.parse(fs.readFileSync(summary.files.config, 'utf8')).bob.file).to.equal('bob.sqlite');
  });

  it('removes a stale SQLite journal of a replaced database, which would be replayed into the new one', async () => {
    const dir = path.join(root, 'demo');
    await createDemo({ dir, customers: 5 });
    fs.writeFileSync(path.join(dir, 'bob.sqlite-wal'), 'stale');
    await createDemo({ dir, customers: 5, force: true });
    expect(fs.existsSync(path.join(dir, 'bob.sqlite-wal'))).to.equal(false);
  });

  it('writes the same databases twice for the same seed', async () => {
    const first = await createDemo({ dir: path.join(root, 'a'), customers: 20, seed: 8 });
    const second = await createDemo({ dir: path.join(root, 'b'), customers: 20, seed: 8 });
    const dump = (file: string, sql: string): unknown[] => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare(sql).all();
      } finally {
        db.close();
      }
    };
    expect(dump(second.files.bob, 'SELECT * FROM AC_COMPAN ORDER BY CID')).to.deep.equal(dump(first.files.bob, 'SELECT * FROM AC_COMPAN ORDER BY CID'));
    expect(dump(second.files.crm, 'SELECT * FROM company ORDER BY comp_companyid')).to.deep.equal(dump(first.files.crm, 'SELECT * FROM company ORDER BY comp_companyid'));
  });

  it('leaves nothing behind when a step fails', async () => {
    const dir = path.join(root, 'demo');
    fs.mkdirSync(dir);
    // a folder where the CRM database is to be written makes that step fail after BOB's
    fs.mkdirSync(path.join(dir, `.${DEMO_FILES.crm}.partial`));
    const error = await rejection(createDemo({ dir, customers: 5 }));
    expect(isBobsyncError(error)).to.equal(true);
    const left = fs.readdirSync(dir);
    expect(left).to.deep.equal([`.${DEMO_FILES.crm}.partial`]);
  });

  it('refuses a number of customers out of range before writing anything', async () => {
    const dir = path.join(root, 'demo');
    for (const customers of [0, 1_000_001, 2.5]) {
      const error = await rejection(createDemo({ dir, customers }));
      expect(isBobsyncError(error, 'usage'), String(customers)).to.equal(true);
    }
    expect(fs.existsSync(dir)).to.equal(false);
  });
});
