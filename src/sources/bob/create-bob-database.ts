/**
 * Creates an embedded BOB database (SQLite) with BOB's vendor tables and loads data into it: for the
 * demo, the tests and the benchmarks. Column types follow BOB's own (text lengths of the ADS tables);
 * a few columns bobsync never reads (currency, memo, category, …) are there to look like the real thing.
 */
import { existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { BobSchema } from '../../config/types.js';
import type { BobContact, BobThirdParty } from '../../engine/model.js';
import { BobsyncError } from '../../errors.js';
import { bobSql } from './bob-sql.js';
import { quoteIdentifier } from './quote-identifier.js';


const COMPANY_TYPES: Record<keyof BobSchema['company'], string> = {
  id: 'NVARCHAR(10) NOT NULL COLLATE NOCASE PRIMARY KEY',
  isCustomer: "NVARCHAR(1) NOT NULL DEFAULT 'U'",
  isSupplier: "NVARCHAR(1) NOT NULL DEFAULT 'U'",
  name: 'NVARCHAR(40)', name2: 'NVARCHAR(40)', address1: 'NVARCHAR(40)', address2: 'NVARCHAR(40)',
  postcode: 'NVARCHAR(10)', locality: 'NVARCHAR(40)', country: 'NVARCHAR(6)', language: 'NVARCHAR(2)',
  vatRef: 'NVARCHAR(2)', vatNo: 'NVARCHAR(12)', phone: 'NVARCHAR(25)', fax: 'NVARCHAR(25)',
  email: 'NVARCHAR(60)', website: 'NVARCHAR(60)', isPerson: 'INT NOT NULL DEFAULT 0', modifiedOn: 'DATETIME',
};

/** Columns of a real AC_COMPAN that bobsync does not use. */
const COMPANY_EXTRAS: Array<[string, string]> = [
  ['CCURRENCY', "NVARCHAR(3) DEFAULT 'EUR'"],
  ['CVATCAT', 'NVARCHAR(1)'],
  ['CCUSCAT', 'NVARCHAR(3)'],
  ['CSUPCAT', 'NVARCHAR(3)'],
  ['CCUSISBLOCK', 'INT NOT NULL DEFAULT 0'],
  ['CSUPISBLOCK', 'INT NOT NULL DEFAULT 0'],
  ['CMEMO', 'TEXT'],
  ['CREATEDBY', 'NVARCHAR(10)'],
  ['CREATEDON', 'DATETIME'],
];

const CONTACT_TYPES: Record<keyof BobSchema['contact'], string> = {
  id: 'INTEGER NOT NULL PRIMARY KEY',
  companyId: 'NVARCHAR(10) NOT NULL COLLATE NOCASE',
  lastName: 'NVARCHAR(30)', firstName: 'NVARCHAR(30)', title: 'NVARCHAR(30)', phone: 'NVARCHAR(25)',
  mobile: 'NVARCHAR(25)', email: 'NVARCHAR(50)', language: 'NVARCHAR(2)',
};

const CONTACT_EXTRAS: Array<[string, string]> = [
  ['PMF', 'NVARCHAR(1)'],
  ['PLONGNAME', 'NVARCHAR(35)'],
  ['PMEMO', 'TEXT'],
];

const PERSONAL_TYPE = 'NVARCHAR(100)';

/**
 * Creates `file` (which must not exist) with the tables of `schema` and inserts the data in one
 * transaction; contacts with an empty id are numbered after the highest given one. On failure the
 * partial file is removed.
 */
export function createBobDatabase(
  file: string,
  schema: BobSchema,
  data: { thirdParties: BobThirdParty[]; contacts: BobContact[] },
  personalColumns: string[],
): void {
  if (existsSync(file)) {
    throw new BobsyncError('cannot-write', `${file} already exists`, { hint: 'delete it first, or choose another path' });
  }
  const sql = bobSql(schema, personalColumns);
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw new BobsyncError('cannot-write', `cannot create the database ${file}`, {
      hint: 'check that the folder exists and may be written',
      cause: error,
    });
  }
  try {
    // A new file that is thrown away on failure needs no durability while it is being loaded.
    db.pragma('synchronous = OFF');
    db.exec(createTable(sql.companyTable, [
      ...fieldColumns(sql.company, COMPANY_TYPES),
      ...sql.personal.map((column) => `${column} ${PERSONAL_TYPE}`),
      ...extraColumns(COMPANY_EXTRAS, [...Object.values(schema.company), ...personalColumns]),
    ]));
    db.exec(createTable(sql.contactTable, [
      ...fieldColumns(sql.contact, CONTACT_TYPES),
      ...extraColumns(CONTACT_EXTRAS, Object.values(schema.contact)),
    ]));
    db.exec(`CREATE INDEX ${quoteIdentifier(`${schema.contactTable}_PCID`, 'bobSchema.contactTable')} ON ${sql.contactTable} (${sql.contact.companyId})`);

    const companyFields = Object.keys(sql.company) as Array<keyof BobSchema['company']>;
    const insertCompany = db.prepare(
      `INSERT INTO ${sql.companyTable} (${[...companyFields.map((field) => sql.company[field]), ...sql.personal].join(', ')}) ` +
        `VALUES (${[...companyFields.map((field) => `@${field}`), ...personalColumns.map((_, index) => `@pf${index}`)].join(', ')})`,
    );
    const contactFields = Object.keys(sql.contact) as Array<keyof BobSchema['contact']>;
    const insertContact = db.prepare(
      `INSERT INTO ${sql.contactTable} (${contactFields.map((field) => sql.contact[field]).join(', ')}) ` +
        `VALUES (${contactFields.map((field) => `@${field}`).join(', ')})`,
    );

    db.transaction(() => {
      for (const party of data.thirdParties) insertCompany.run(companyParams(party, personalColumns));
      let nextId = data.contacts.reduce((max, contact) => Math.max(max, Number(contact.id) || 0), 0) + 1;
      for (const contact of data.contacts) {
        const id = contact.id.trim() === '' ? nextId++ : Number(contact.id);
        insertContact.run({ ...contact, id, companyId: contact.companyId.trim().toUpperCase() });
      }
    })();
    db.pragma('journal_mode = WAL');
    db.close();
  } catch (error) {
    db.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
    if (error instanceof BobsyncError) throw error;
    throw new BobsyncError('cannot-write', `cannot load the data into ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'check the data (duplicate codes or contact ids?) and that the disk is not full',
      cause: error,
    });
  }
}

function createTable(table: string, columns: string[]): string {
  return `CREATE TABLE ${table} (${columns.join(', ')})`;
}

function fieldColumns<K extends string>(quoted: Record<K, string>, types: Record<K, string>): string[] {
  return (Object.keys(quoted) as K[]).map((field) => `${quoted[field]} ${types[field]}`);
}

/** The extra columns whose names the configuration does not already use. */
function extraColumns(extras: Array<[string, string]>, used: string[]): string[] {
  const taken = new Set(used.map((name) => name.toUpperCase()));
  return extras.filter(([name]) => !taken.has(name)).map(([name, type]) => `[${name}] ${type}`);
}

function companyParams(party: BobThirdParty, personalColumns: string[]): Record<string, string | number | null> {
  const params: Record<string, string | number | null> = {
    id: party.id.trim().toUpperCase(),
    isCustomer: party.isCustomer ? 'C' : 'U',
    isSupplier: party.isSupplier ? 'S' : 'U',
    name: party.name, name2: party.name2, address1: party.address1, address2: party.address2,
    postcode: party.postcode, locality: party.locality, country: party.country, language: party.language,
    vatRef: party.vatRef, vatNo: party.vatNo, phone: party.phone, fax: party.fax, email: party.email,
    website: party.website,
    isPerson: party.isPerson ? 1 : 0,
    modifiedOn: party.modifiedOn === '' ? null : party.modifiedOn,
  };
  personalColumns.forEach((column, index) => (params[`pf${index}`] = party.personal[column.toUpperCase()] ?? ''));
  return params;
}
