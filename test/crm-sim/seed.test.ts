import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { seedSimDatabase } from '../../src/crm-sim/seed.js';
import { openSimStore } from '../../src/crm-sim/sim-store.js';
import { isBobsyncError } from '../../src/errors.js';
import { aCrmCompany, aCrmPerson, tempDir } from './sim-fixture.js';

describe('seedSimDatabase', () => {
  let dir: string;
  let remove: () => void;
  beforeEach(() => ({ dir, remove } = tempDir()));
  afterEach(() => remove());

  it('loads companies, their addresses, persons and custom fields', () => {
    const file = path.join(dir, 'crm.sqlite');
    seedSimDatabase(file, {
      companies: [
        aCrmCompany({ id: '10', name: 'Dupont', bobSync: true, bobId: 'DUPONT', custom: { comp_sector: 'Horeca' } }),
        aCrmCompany({ id: '', name: 'Peeters', bobSync: false, vat: '', address: null, custom: {} }),
      ],
      persons: [aCrmPerson({ companyId: '10', lastName: 'Maes' })],
      fields: [{ name: 'comp_sector', caption: 'Sector', type: 'string' }],
    });
    const store = openSimStore(file);
    try {
      const companies = store.feed('Company', { where: '', orderBy: '', startIndex: 1, count: 10 }).rows;
      expect(companies).to.have.length(2);
      expect(companies[0]).to.include({ comp_companyid: 10, comp_name: 'Dupont', comp_bobsync: 'Y', comp_bobid: 'DUPONT', comp_sector: 'Horeca' });
      expect(companies[1]).to.include({ comp_companyid: 11, comp_name: 'Peeters', comp_bobsync: null, comp_vatnumber: null, comp_sector: null });
      const addresses = store.feed('Address', { where: '', orderBy: '', startIndex: 1, count: 10 }).rows;
      expect(addresses).to.have.length(1);
      expect(addresses[0]).to.include({ addr_companyid: 10, addr_address1: 'Rue Haute 1', addr_postcode: '1000' });
      const persons = store.feed('Person', { where: '', orderBy: '', startIndex: 1, count: 10 }).rows;
      expect(persons[0]).to.include({ pers_companyid: 10, pers_lastname: 'Maes' });
      expect(store.fields('Company').find((f) => f.name === 'comp_sector')).to.deep.equal({ name: 'comp_sector', caption: 'Sector', type: 'string', custom: true });
    } finally {
      store.close();
    }
  });

  it('loads thousands of companies in one go', () => {
    const file = path.join(dir, 'crm.sqlite');
    const companies = Array.from({ length: 5000 }, (_, i) => aCrmCompany({ id: String(i + 1), name: `Company ${i}` }));
    seedSimDatabase(file, { companies, persons: [], fields: [] });
    const store = openSimStore(file);
    try {
      expect(store.feed('Company', { where: '', orderBy: '', startIndex: 1, count: 0 }).total).to.equal(5000);
      expect(store.feed('Address', { where: '', orderBy: '', startIndex: 1, count: 0 }).total).to.equal(5000);
    } finally {
      store.close();
    }
  });

  it('refuses a file that already holds data', () => {
    const file = path.join(dir, 'crm.sqlite');
    seedSimDatabase(file, { companies: [aCrmCompany()], persons: [], fields: [] });
    let error: unknown;
    try {
      seedSimDatabase(file, { companies: [aCrmCompany()], persons: [], fields: [] });
    } catch (e) {
      error = e;
    }
    expect(isBobsyncError(error, 'cannot-write')).to.equal(true);
  });

  it('refuses a value for an undeclared custom field, loading nothing', () => {
    const file = path.join(dir, 'crm.sqlite');
    expect(() =>
      seedSimDatabase(file, { companies: [aCrmCompany(), aCrmCompany({ custom: { comp_colour: 'red' } })], persons: [], fields: [] }),
    ).to.throw(/undeclared custom field "comp_colour"/);
    const store = openSimStore(file);
    try {
      expect(store.isEmpty()).to.equal(true);
    } finally {
      store.close();
    }
  });

  it('refuses an id that is not a number', () => {
    expect(() => seedSimDatabase(path.join(dir, 'crm.sqlite'), { companies: [aCrmCompany({ id: 'ABC' })], persons: [], fields: [] })).to.throw(
      /to be a number/,
    );
  });

  it('refuses a file that is some other database, leaving it untouched', () => {
    const file = path.join(dir, 'bob.sqlite');
    const bob = new Database(file);
    bob.exec('CREATE TABLE AC_COMPAN (CID TEXT)');
    bob.close();
    let error: unknown;
    try {
      seedSimDatabase(file, { companies: [aCrmCompany()], persons: [], fields: [] });
    } catch (e) {
      error = e;
    }
    expect(isBobsyncError(error, 'bad-input')).to.equal(true);
    expect((error as Error).message).to.match(/not a CRM simulator database/);
    const check = new Database(file, { readonly: true });
    const tables = check.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    check.close();
    expect(tables).to.deep.equal(['AC_COMPAN']);
  });

  it('refuses a file that is not SQLite', () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'not a database, just some text that is long enough to have a header'.repeat(20));
    expect(() => seedSimDatabase(file, { companies: [], persons: [], fields: [] })).to.throw(/not a CRM simulator database/);
  });
});
