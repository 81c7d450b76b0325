/** Reader, writer and schema check over a real database; run by the SQLite suite and the SQL Server suite. */
import { expect } from 'chai';
import { defaultBobSchema } from '../../../src/config/defaults.js';
import type { BobSchema } from '../../../src/config/types.js';
import type { BobContact, BobThirdParty } from '../../../src/engine/model.js';
import { BobsyncError } from '../../../src/errors.js';
import { fitBobRecord } from '../../../src/engine/fit-bob.js';
import { describeBobColumns } from '../../../src/sources/bob/bob-columns.js';
import { bobIdsInUse, checkBobSchema, readBob, readBobContacts, readBobThirdParties } from '../../../src/sources/bob/bob-reader.js';
import { insertContact, insertThirdParty } from '../../../src/sources/bob/bob-writer.js';
import type { SqlExecutor, SqlParams } from '../../../src/sources/bob/executor.js';
import { useHarness, type DatabaseHarness } from './harness.js';

const PERSONAL = ['xsector'];
const MODIFIED = new Date('2024-03-01T10:20:30.000Z');

/**
 * BOB's tables with BOB's column widths (the domain reference: A,10 codes, A,40 names, A,6 country,
 * A,12 VAT number, A,25 phones, A,60 and A,50 e-mail…): CHAR for codes and one-letter fields, which
 * SQL Server pads, VARCHAR for the rest, NOT NULL on the keys. Which other columns BOB declares NOT
 * NULL is not known. Both engines accept this SQL; only SQL Server pads, limits and converts.
 * CISPERS is text so that every spelling of the flag can be stored.
 */
export async function createBobTables(db: SqlExecutor, schema: BobSchema, personal: string[], extra: string[] = []): Promise<void> {
  const c = schema.company;
  const companyColumns = [
    `[${c.id}] CHAR(10) NOT NULL PRIMARY KEY`,
    `[${c.isCustomer}] CHAR(1)`,
    `[${c.isSupplier}] CHAR(1)`,
    ...[c.name, c.name2, c.address1, c.address2, c.locality].map((column) => `[${column}] VARCHAR(40)`),
    `[${c.postcode}] VARCHAR(10)`,
    `[${c.country}] VARCHAR(6)`,
    `[${c.language}] CHAR(2)`,
    `[${c.vatRef}] CHAR(2)`,
    `[${c.vatNo}] VARCHAR(12)`,
    ...[c.phone, c.fax].map((column) => `[${column}] VARCHAR(25)`),
    ...[c.email, c.website].map((column) => `[${column}] VARCHAR(60)`),
    `[${c.isPerson}] CHAR(1)`,
    `[${c.modifiedOn}] DATETIME`,
    ...personal.map((column) => `[${column}] VARCHAR(40)`),
    ...extra,
  ];
  await db.execute(`CREATE TABLE [${schema.companyTable}] (${companyColumns.join(', ')})`);
  const p = schema.contact;
  const contactColumns = [
    `[${p.id}] INT NOT NULL PRIMARY KEY`,
    `[${p.companyId}] CHAR(10) NOT NULL`,
    ...[p.lastName, p.firstName, p.title].map((column) => `[${column}] VARCHAR(30)`),
    ...[p.phone, p.mobile].map((column) => `[${column}] VARCHAR(25)`),
    `[${p.email}] VARCHAR(50)`,
    `[${p.language}] CHAR(2)`,
  ];
  await db.execute(`CREATE TABLE [${schema.contactTable}] (${contactColumns.join(', ')})`);
}

async function insertRaw(db: SqlExecutor, table: string, row: SqlParams): Promise<void> {
  const columns = Object.keys(row);
  await db.execute(
    `INSERT INTO [${table}] (${columns.map((column) => `[${column}]`).join(', ')}) VALUES (${columns.map((_, index) => `@v${index}`).join(', ')})`,
    Object.fromEntries(columns.map((column, index) => [`v${index}`, row[column]!])),
  );
}

function aThirdParty(overrides: Partial<BobThirdParty>): BobThirdParty {
  return {
    id: 'X', isCustomer: true, isSupplier: false, name: '', name2: '', address1: '', address2: '', postcode: '',
    locality: '', country: '', language: '', vatRef: '', vatNo: '', phone: '', fax: '', email: '', website: '',
    isPerson: false, modifiedOn: '', personal: { XSECTOR: '' },
    ...overrides,
  };
}

function aContact(overrides: Partial<BobContact>): BobContact {
  return { id: '', companyId: 'X', lastName: '', firstName: '', title: '', phone: '', mobile: '', email: '', language: '', ...overrides };
}

/** A schema with table names unique to the test and one renamed column, to prove names come from configuration. */
function aSchema(harness: DatabaseHarness): BobSchema {
  const schema = defaultBobSchema();
  return {
    ...schema,
    companyTable: harness.table('COMPAN'),
    contactTable: harness.table('CONTACT'),
    company: { ...schema.company, vatNo: 'BTWNR' },
  };
}

/** A new connection with BOB tables holding four third parties and three contact persons. */
async function seeded(harness: DatabaseHarness): Promise<{ db: SqlExecutor; schema: BobSchema }> {
  const db = await harness.open();
  const schema = aSchema(harness);
  await createBobTables(db, schema, PERSONAL);
  const t = schema.companyTable;
  await insertRaw(db, t, {
    CID: ' acme ', CCUSTYPE: 'C', CSUPTYPE: 'U', CNAME1: '  Acme NV ', CNAME2: null, CADDRESS1: 'Rue Haute 1 ',
    CZIPCODE: 'BE1050', CLOCALITY: 'Brussel', CCOUNTRY: 'BE', CLANGUAGE: 'N', CVATREF: 'BE', BTWNR: '0403019261',
    CTELNO: '02/123.45.67', EMAILADDRESS: 'info@acme.example', CISPERS: 'F', MODIFIEDON: MODIFIED, xsector: ' Retail ',
  });
  await insertRaw(db, t, { CID: 'SUPP', CCUSTYPE: 'U', CSUPTYPE: 'S', CNAME1: 'Supplier BV', CISPERS: '1' });
  await insertRaw(db, t, { CID: 'BOTH', CCUSTYPE: 'C', CSUPTYPE: 'S', CNAME1: 'Both', CISPERS: 'T' });
  await insertRaw(db, t, { CID: 'PERS', CCUSTYPE: 'C', CSUPTYPE: 'U', CNAME1: 'Jan Peeters', CISPERS: 'Y', MODIFIEDON: null });
  const c = schema.contactTable;
  await insertRaw(db, c, { PERSID: 7, PCID: 'acme', PNAME: ' Dupont ', PFIRSTNAME: 'Jean', PTITLE: 'CEO', PEMAIL: 'jean@acme.example' });
  await insertRaw(db, c, { PERSID: 3, PCID: 'ACME', PNAME: 'Martin', PFIRSTNAME: null });
  await insertRaw(db, c, { PERSID: 9, PCID: 'SUPP', PNAME: 'Janssens' });
  return { db, schema };
}

export function bobReaderCases(harness: DatabaseHarness): void {
  const seed = () => seeded(harness);

  describe(`readBob (${harness.engine})`, () => {
    useHarness(harness);

    it('reads customers, suppliers and parties that are both', async () => {
      const { db, schema } = await seed();
      const { thirdParties } = await readBob(db, schema, PERSONAL);
      expect(thirdParties.map((p) => [p.id, p.isCustomer, p.isSupplier])).to.deep.equal([
        ['ACME', true, false],
        ['BOTH', true, true],
        ['PERS', true, false],
        ['SUPP', false, true],
      ]);
    });

    it('trims text, turns NULL into empty text, upper-cases codes and reads personal columns by upper-case name', async () => {
      const { db, schema } = await seed();
      const { thirdParties } = await readBob(db, schema, PERSONAL);
      expect(thirdParties[0]).to.deep.equal(
        aThirdParty({
          id: 'ACME', name: 'Acme NV', address1: 'Rue Haute 1', postcode: 'BE1050', locality: 'Brussel', country: 'BE',
          language: 'N', vatRef: 'BE', vatNo: '0403019261', phone: '02/123.45.67', email: 'info@acme.example',
          modifiedOn: '2024-03-01T10:20:30.000Z', personal: { XSECTOR: 'Retail' },
        }),
      );
    });

    it('reads CISPERS 1, T and Y as a natural person and F as not', async () => {
      const { db, schema } = await seed();
      const { thirdParties } = await readBob(db, schema, PERSONAL);
      expect(Object.fromEntries(thirdParties.map((p) => [p.id, p.isPerson]))).to.deep.equal({ ACME: false, BOTH: true, PERS: true, SUPP: true });
    });

    it('reads contact persons with the code of their third party upper-cased', async () => {
      const { db, schema } = await seed();
      const { contacts } = await readBob(db, schema, PERSONAL);
      expect(contacts).to.deep.equal([
        aContact({ id: '3', companyId: 'ACME', lastName: 'Martin' }),
        aContact({ id: '7', companyId: 'ACME', lastName: 'Dupont', firstName: 'Jean', title: 'CEO', email: 'jean@acme.example' }),
        aContact({ id: '9', companyId: 'SUPP', lastName: 'Janssens' }),
      ]);
    });

    it('reads only the third parties asked for, over more codes than one IN list holds', async () => {
      const { db, schema } = await seed();
      const extra = Array.from({ length: 600 }, (_, index) => `X${String(index).padStart(4, '0')}`);
      await db.executeMany!(
        `INSERT INTO [${schema.companyTable}] ([CID], [CCUSTYPE], [CNAME1]) VALUES (@id, @type, @name)`,
        extra.map((id) => ({ id, type: 'C', name: `Party ${id}` })),
      );
      const missing = Array.from({ length: 500 }, (_, index) => `NONE${index}`);
      const parties = await readBobThirdParties(db, schema, PERSONAL, [...extra, ...missing, 'both', 'BOTH']);
      expect(parties).to.have.length(601);
      expect(parties.map((p) => p.id)).to.include.members(['BOTH', 'X0000', 'X0599']);
    });

    it('reads the contact persons of the third parties asked for', async () => {
      const { db, schema } = await seed();
      const contacts = await readBobContacts(db, schema, ['supp', 'NOBODY']);
      expect(contacts.map((c) => [c.id, c.companyId])).to.deep.equal([['9', 'SUPP']]);
    });

    it('finds a third party by a code the database pads (CHAR(10) on SQL Server), and reads the code without padding', async () => {
      const { db, schema } = await seed();
      const [raw] = await db.query(`SELECT [CID] FROM [${schema.companyTable}] WHERE [CID] = @id`, { id: 'SUPP' });
      expect(raw).to.deep.equal({ CID: harness.engine === 'mssql' ? 'SUPP      ' : 'SUPP' });
      const parties = await readBobThirdParties(db, schema, PERSONAL, ['Supp ']);
      expect(parties.map((p) => [p.id, p.name])).to.deep.equal([['SUPP', 'Supplier BV']]);
    });

    it('tells which codes are in use, without regard to case', async () => {
      const { db, schema } = await seed();
      const inUse = await bobIdsInUse(db, schema, ['Acme', 'supp', 'FREE']);
      expect([...inUse].sort()).to.deep.equal(['ACME', 'SUPP']);
    });

    it('tells the same for thousands of codes, read in one pass over the table', async () => {
      const { db, schema } = await seed();
      const asked = [' acme ', 'Supp', ...Array.from({ length: 2_000 }, (_, i) => `FREE${i}`)];
      const inUse = await bobIdsInUse(db, schema, asked);
      expect([...inUse].sort()).to.deep.equal(['ACME', 'SUPP']);
    });
  });

}

export function bobSchemaCases(harness: DatabaseHarness): void {
  const seed = () => seeded(harness);

  describe(`checkBobSchema (${harness.engine})`, () => {
    useHarness(harness);

    async function schemaError(change: (schema: BobSchema) => BobSchema, personal = PERSONAL): Promise<BobsyncError> {
      const { db, schema } = await seed();
      try {
        await checkBobSchema(db, change(schema), personal);
      } catch (error) {
        expect(error).to.be.instanceOf(BobsyncError);
        return error as BobsyncError;
      }
      throw new Error('checkBobSchema accepted the schema');
    }

    it('accepts a database that has every configured table and column', async () => {
      const { db, schema } = await seed();
      await checkBobSchema(db, schema, PERSONAL);
    });

    it('names a missing column, its table and the configuration key to fix', async () => {
      const error = await schemaError((schema) => ({ ...schema, company: { ...schema.company, vatNo: 'CVATNO' } }));
      expect(error.code).to.equal('config');
      expect(error.message).to.match(/^column CVATNO is missing from table T?\w*COMPAN\w* in /);
      expect(error.hint).to.equal('set "bobSchema.company.vatNo" in the configuration to the right column');
    });

    it('names a missing contact column with its key', async () => {
      const error = await schemaError((schema) => ({ ...schema, contact: { ...schema.contact, mobile: 'PMOBILE' } }));
      expect(error.message).to.contain('column PMOBILE is missing from table');
      expect(error.hint).to.contain('"bobSchema.contact.mobile"');
    });

    it('names a missing table and its key', async () => {
      const error = await schemaError((schema) => ({ ...schema, contactTable: 'NO_SUCH_TABLE' }));
      expect(error.code).to.equal('config');
      expect(error.message).to.match(/^table NO_SUCH_TABLE is missing from /);
      expect(error.hint).to.contain('"bobSchema.contactTable"');
    });

    it('names a missing personal column', async () => {
      const error = await schemaError((schema) => schema, [...PERSONAL, 'XREGION']);
      expect(error.message).to.contain('column XREGION is missing');
      expect(error.hint).to.contain('"personalFields"');
    });

    // Audit B3: a NOT NULL column without a default that the writer leaves out fails every insert on SQL Server (515).
    it('B3: refuses a NOT NULL column without default that bobsync does not write, before anything runs', async () => {
      const db = await harness.open();
      const schema = aSchema(harness);
      await createBobTables(db, schema, PERSONAL, ['[UNIQUEID] VARCHAR(36) NOT NULL', "[CREATEDBY] VARCHAR(10) NOT NULL DEFAULT 'BOB'"]);
      try {
        await checkBobSchema(db, schema, PERSONAL);
      } catch (error) {
        expect(error).to.be.instanceOf(BobsyncError);
        expect((error as BobsyncError).code).to.equal('config');
        expect((error as BobsyncError).message).to.contain('UNIQUEID').and.not.contain('CREATEDBY');
        expect((error as BobsyncError).hint).to.contain('DEFAULT');
        return;
      }
      expect.fail('checkBobSchema accepted a NOT NULL column that inserts leave empty');
    });

    it("learns each column's type and width, and describes what it cannot write", async () => {
      const db = await harness.open();
      const schema = aSchema(harness);
      await createBobTables(db, schema, PERSONAL, ['[UNIQUEID] VARCHAR(36) NOT NULL']);
      const report = await describeBobColumns(db, schema, PERSONAL);
      const name = report.configured.find((entry) => entry.key === 'bobSchema.company.name')!.info!;
      expect([name.type, name.maxLength, name.nullable]).to.deep.equal(['varchar', 40, true]);
      const id = report.configured.find((entry) => entry.key === 'bobSchema.company.id')!.info!;
      expect([id.type, id.maxLength, id.nullable]).to.deep.equal(['char', 10, false]);
      expect(report.unwritable.map((entry) => entry.column.name)).to.deep.equal(['UNIQUEID']);
    });

    it('refuses a configured name that is not a plain SQL identifier, naming its key', async () => {
      const error = await schemaError((schema) => ({ ...schema, company: { ...schema.company, name: 'CNAME1]; DROP TABLE x; --' } }));
      expect(error.code).to.equal('config');
      expect(error.message).to.contain('"bobSchema.company.name"');
    });
  });

}

export function bobWriterCases(harness: DatabaseHarness): void {
  const seed = () => seeded(harness);

  describe(`bob-writer (${harness.engine})`, () => {
    useHarness(harness);

    it('inserts a customer that is not a supplier, with the VAT number as split by the caller', async () => {
      const { db, schema } = await seed();
      const party = aThirdParty({
        id: 'newco', isSupplier: true, name: 'New Co', postcode: '9000', locality: 'Gent', country: 'BE', language: 'N',
        vatRef: 'BE', vatNo: '0477123456', email: 'hello@newco.example', isPerson: true,
        modifiedOn: '2024-05-06T07:08:09.000Z', personal: { XSECTOR: 'Food' },
      });
      await db.transaction((tx) => insertThirdParty(tx, schema, party, PERSONAL));
      const [read] = await readBobThirdParties(db, schema, PERSONAL, ['NEWCO']);
      // MODIFIEDON holds BOB's wall clock: 07:08 UTC is 09:08 in Brussels in May (CEST).
      expect(read).to.deep.equal({ ...party, id: 'NEWCO', isSupplier: false, modifiedOn: '2024-05-06T09:08:09.000Z' });
      const [raw] = await db.query(`SELECT [CCUSTYPE], [CSUPTYPE] FROM [${schema.companyTable}] WHERE [CID] = @id`, { id: 'NEWCO' });
      expect(raw).to.deep.equal({ CCUSTYPE: 'C', CSUPTYPE: 'U' });
    });

    it('gives a contact person without id the next PERSID, and keeps a given one', async () => {
      const { db, schema } = await seed();
      const ids = await db.transaction(async (tx) => [
        await insertContact(tx, schema, aContact({ companyId: 'both', lastName: 'First' })),
        await insertContact(tx, schema, aContact({ companyId: 'BOTH', lastName: 'Second' })),
        await insertContact(tx, schema, aContact({ id: '40', companyId: 'BOTH', lastName: 'Given' })),
      ]);
      expect(ids).to.deep.equal(['10', '11', '40']);
      const contacts = await readBobContacts(db, schema, ['BOTH']);
      expect(contacts.map((c) => [c.id, c.companyId, c.lastName])).to.deep.equal([
        ['10', 'BOTH', 'First'],
        ['11', 'BOTH', 'Second'],
        ['40', 'BOTH', 'Given'],
      ]);
    });

    // Audit B1: a CRM value longer than BOB's column fails on SQL Server (2628) and leaves the run
    // partly applied. The engine fits values to the columns; the writer refuses what does not fit on
    // every engine, so that the SQLite tests see what SQL Server would refuse.
    it("B1: refuses a name longer than CNAME1 before it reaches the database, on every engine, and writes the fitted one", async () => {
      const { db, schema } = await seed();
      const layout = await checkBobSchema(db, schema, PERSONAL);
      expect(layout.columns.company.name).to.deep.equal({ maxLength: 40, charset: harness.engine === 'mssql' ? 'cp1252' : 'unicode' });
      const name = 'Brasserie et Restaurant de la Grand-Place'; // 41 characters; CNAME1 holds 40
      try {
        await db.transaction((tx) => insertThirdParty(tx, layout.schema, aThirdParty({ id: 'LONG', name }), PERSONAL, layout.columns));
        expect.fail('the writer let a 41-character name through');
      } catch (error) {
        expect(error).to.be.instanceOf(BobsyncError);
        expect((error as BobsyncError).message).to.contain('CNAME1');
      }
      const { party } = fitBobRecord(aThirdParty({ id: 'LONG', name }), [], layout.columns);
      await db.transaction((tx) => insertThirdParty(tx, layout.schema, party, PERSONAL, layout.columns));
      const [read] = await readBobThirdParties(db, schema, PERSONAL, ['LONG']);
      expect([read!.name, read!.name2]).to.deep.equal(['Brasserie et Restaurant de la', 'Grand-Place']);
    });

    it('keeps a character code page 1252 lacks out of a VARCHAR column on SQL Server, never as a silent ?', async () => {
      const { db, schema } = await seed();
      const layout = await checkBobSchema(db, schema, PERSONAL);
      const party = aThirdParty({ id: 'LODZ', name: 'Łódź Trading' });
      const fitted = fitBobRecord(party, [], layout.columns).party;
      await db.transaction((tx) => insertThirdParty(tx, layout.schema, fitted, PERSONAL, layout.columns));
      const [read] = await readBobThirdParties(db, schema, PERSONAL, ['LODZ']);
      expect(read!.name).to.equal(harness.engine === 'mssql' ? 'Lódz Trading' : 'Łódź Trading');
    });

    it('inserts through a connection that shares nothing with the check: a raw driver truncation becomes a message naming the column', async () => {
      const { db, schema } = await seed();
      const name = 'Brasserie et Restaurant de la Grand-Place';
      try {
        await db.transaction((tx) => insertThirdParty(tx, schema, aThirdParty({ id: 'LONG', name }), PERSONAL));
      } catch (error) {
        expect(harness.engine).to.equal('mssql');
        expect(error).to.be.instanceOf(BobsyncError);
        expect((error as BobsyncError).code).to.equal('bad-input');
        expect((error as BobsyncError).message).to.contain('CNAME1');
        return;
      }
      // SQLite keeps what its declared type says it would not: only the widths learnt by the check hold it.
      expect(harness.engine).to.equal('sqlite');
    });

    it('leaves nothing behind when the transaction fails', async () => {
      const { db, schema } = await seed();
      let failed = false;
      try {
        await db.transaction(async (tx) => {
          await insertThirdParty(tx, schema, aThirdParty({ id: 'GONE' }), PERSONAL);
          await insertContact(tx, schema, aContact({ companyId: 'GONE', lastName: 'Gone' }));
          await insertThirdParty(tx, schema, aThirdParty({ id: 'SUPP' }), PERSONAL); // duplicate code
        });
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
      expect(await bobIdsInUse(db, schema, ['GONE'])).to.have.property('size', 0);
      expect(await readBobContacts(db, schema, ['GONE'])).to.deep.equal([]);
    });
  });
}
