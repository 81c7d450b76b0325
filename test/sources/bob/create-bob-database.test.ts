import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { defaultBobSchema } from '../../../src/config/defaults.js';
import type { BobContact, BobThirdParty } from '../../../src/engine/model.js';
import { BobsyncError } from '../../../src/errors.js';
import { checkBobSchema, readBob } from '../../../src/sources/bob/bob-reader.js';
import { createBobDatabase } from '../../../src/sources/bob/create-bob-database.js';
import { openSqliteExecutor } from '../../../src/sources/bob/sqlite-executor.js';

function aThirdParty(overrides: Partial<BobThirdParty>): BobThirdParty {
  return {
    id: 'X', isCustomer: true, isSupplier: false, name: 'Name', name2: '', address1: 'Street 1', address2: '', postcode: 'BE1000',
    locality: 'Brussel', country: 'BE', language: 'N', vatRef: 'BE', vatNo: '0403019261', phone: '', fax: '', email: '',
    website: '', isPerson: false, modifiedOn: '2024-01-01T00:00:00.000Z', personal: { XSECTOR: 'Retail' },
    ...overrides,
  };
}

function aContact(overrides: Partial<BobContact>): BobContact {
  return { id: '', companyId: 'X', lastName: 'Peeters', firstName: 'Jan', title: '', phone: '', mobile: '', email: '', language: 'N', ...overrides };
}

describe('createBobDatabase', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the BOB tables and loads data that reads back unchanged', async () => {
    const file = path.join(dir, 'bob.sqlite');
    const thirdParties = [
      aThirdParty({ id: 'ACME', name: 'Acme NV', isPerson: true }),
      aThirdParty({ id: 'BOTH', isSupplier: true, modifiedOn: '', personal: { XSECTOR: '' } }),
      aThirdParty({ id: 'SUPP', isCustomer: false, isSupplier: true, vatNo: '' }),
    ];
    const contacts = [aContact({ id: '5', companyId: 'ACME' }), aContact({ companyId: 'ACME', lastName: 'Janssens' })];
    createBobDatabase(file, defaultBobSchema(), { thirdParties, contacts }, ['XSECTOR']);

    const db = openSqliteExecutor(file);
    try {
      await checkBobSchema(db, defaultBobSchema(), ['XSECTOR']);
      const read = await readBob(db, defaultBobSchema(), ['XSECTOR']);
      expect(read.thirdParties).to.deep.equal(thirdParties);
      expect(read.contacts).to.deep.equal([contacts[0], { ...contacts[1], id: '6' }]);
      expect((await db.columns('AC_COMPAN'))?.map((column) => column.name)).to.include.members(['CCURRENCY', 'CMEMO', 'XSECTOR']);
    } finally {
      await db.close();
    }
  });

  it('uses the table and column names of the schema', async () => {
    const file = path.join(dir, 'bob.sqlite');
    const base = defaultBobSchema();
    const schema = { ...base, companyTable: 'THIRD', company: { ...base.company, vatNo: 'BTWNR' } };
    createBobDatabase(file, schema, { thirdParties: [aThirdParty({ id: 'ACME' })], contacts: [] }, []);
    const db = openSqliteExecutor(file);
    try {
      expect(await db.columns('AC_COMPAN')).to.equal(null);
      expect((await db.columns('THIRD'))?.map((column) => column.name)).to.include('BTWNR');
      expect((await readBob(db, schema, [])).thirdParties[0]).to.have.property('vatNo', '0403019261');
    } finally {
      await db.close();
    }
  });

  it('refuses to overwrite an existing file', () => {
    const file = path.join(dir, 'bob.sqlite');
    fs.writeFileSync(file, 'keep me');
    expect(() => createBobDatabase(file, defaultBobSchema(), { thirdParties: [], contacts: [] }, [])).to.throw(BobsyncError, 'already exists');
    expect(fs.readFileSync(file, 'utf8')).to.equal('keep me');
  });

  it('leaves no file behind when the data cannot be loaded', () => {
    const file = path.join(dir, 'bob.sqlite');
    const duplicate = [aThirdParty({ id: 'ACME' }), aThirdParty({ id: 'acme' })];
    let error: unknown;
    try {
      createBobDatabase(file, defaultBobSchema(), { thirdParties: duplicate, contacts: [] }, ['XSECTOR']);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(BobsyncError);
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });
});
