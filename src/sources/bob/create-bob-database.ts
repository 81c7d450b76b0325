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


/**
 * BOB's widths of the columns bobsync reads and writes (the domain reference: the ADS tables' A,n),
 * in characters. The demo's data is made to fit them, as BOB's own screens would have it.
 */
export const BOB_WIDTHS = {
  company: {
    id: 10, isCustomer: 1, isSupplier: 1, name: 40, name2: 40, address1: 40, address2: 40, postcode: 10, locality: 40,
    country: 6, language: 2, vatRef: 2, vatNo: 12, phone: 25, fax: 25, email: 60, website: 60,
  },
  contact: { companyId: 10, lastName: 30, firstName: 30, title: 30, phone: 25, mobile: 25, email: 50, language: 2 },
} as const satisfies { company: Partial<Record<keyof BobSchema['company'], number>>; contact: Partial<Record<keyof BobSchema['contact'], number>> };

const w = BOB_WIDTHS.company;
/** Codes and one-letter flags as CHAR (SQL Server pads them), text as VARCHAR, as BOB's ANSI tables have them. */
const COMPANY_TYPES: Record<keyof BobSchema['company'], string> = {
  id: `CHAR(${w.id}) NOT NULL COLLATE NOCASE PRIMARY KEY`,
  isCustomer: `CHAR(${w.isCustomer}) NOT NULL DEFAULT 'U'`,
  isSupplier: `CHAR(${w.isSupplier}) NOT NULL DEFAULT 'U'`,
  name: `VARCHAR(${w.name})`, name2: `VARCHAR(${w.name2})`, address1: `VARCHAR(${w.address1})`, address2: `VARCHAR(${w.address2})`,
  postcode: `VARCHAR(${w.postcode})`, locality: `VARCHAR(${w.locality})`, country: `VARCHAR(${w.country})`, language: `CHAR(${w.language})`,
  vatRef: `CHAR(${w.vatRef})`, vatNo: `VARCHAR(${w.vatNo})`, phone: `VARCHAR(${w.phone})`, fax: `VARCHAR(${w.fax})`,
  email: `VARCHAR(${w.email})`, website: `VARCHAR(${w.website})`, isPerson: 'INT NOT NULL DEFAULT 0', modifiedOn: 'DATETIME',
};

/** Columns of a real AC_COMPAN that bobsync does not use. */
const COMPANY_EXTRAS: Array<[string, string]> = [
  ['CCURRENCY', "CHAR(3) DEFAULT 'EUR'"],
  ['CVATCAT', 'CHAR(1)'],
  ['CCUSCAT', 'VARCHAR(3)'],
  ['CSUPCAT', 'VARCHAR(3)'],
  ['CCUSISBLOCK', 'INT NOT NULL DEFAULT 0'],
  ['CSUPISBLOCK', 'INT NOT NULL DEFAULT 0'],
  ['CMEMO', 'TEXT'],
  ['CREATEDBY', 'VARCHAR(10)'],
  ['CREATEDON', 'DATETIME'],
];

const p = BOB_WIDTHS.contact;
const CONTACT_TYPES: Record<keyof BobSchema['contact'], string> = {
  id: 'INTEGER NOT NULL PRIMARY KEY',
  companyId: `CHAR(${p.companyId}) NOT NULL COLLATE NOCASE`,
  lastName: `VARCHAR(${p.lastName})`, firstName: `VARCHAR(${p.firstName})`, title: `VARCHAR(${p.title})`, phone: `VARCHAR(${p.phone})`,
  mobile: `VARCHAR(${p.mobile})`, email: `VARCHAR(${p.email})`, language: `CHAR(${p.language})`,
};

const CONTACT_EXTRAS: Array<[string, string]> = [
  ['PMF', 'CHAR(1)'],
  ['PLONGNAME', 'VARCHAR(35)'],
  ['PMEMO', 'TEXT'],
];

const PERSONAL_TYPE = 'VARCHAR(100)';
const PERSONAL_WIDTH = 100;

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
      for (const party of data.thirdParties) insertCompany.run(fitting(companyParams(party, personalColumns), BOB_WIDTHS.company, schema.companyTable, party.id));
      let nextId = data.contacts.reduce((max, contact) => Math.max(max, Number(contact.id) || 0), 0) + 1;
      for (const contact of data.contacts) {
        const id = contact.id.trim() === '' ? nextId++ : Number(contact.id);
        insertContact.run(fitting({ ...contact, id, companyId: contact.companyId.trim().toUpperCase() }, BOB_WIDTHS.contact, schema.contactTable, String(id)));
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

/**
 * `params`, or an error naming the first value longer than its column: SQLite would keep it, SQL
 * Server would refuse it, and BOB cannot hold it, so the embedded database never holds one either.
 */
function fitting<T extends Record<string, unknown>>(params: T, widths: Readonly<Record<string, number>>, table: string, id: string): T {
  for (const [field, value] of Object.entries(params)) {
    const width = widths[field] ?? (field.startsWith('pf') ? PERSONAL_WIDTH : undefined);
    if (typeof value === 'string' && width !== undefined && value.length > width) {
      throw new BobsyncError('internal', `${table} ${id}: ${field} has ${value.length} characters, its column holds ${width}: ${JSON.stringify(value)}`);
    }
  }
  return params;
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
