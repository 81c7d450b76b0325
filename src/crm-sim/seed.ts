/**
 * Bulk load of a simulator database from engine-shaped data (demo generator, tests, benchmarks):
 * one transaction of prepared inserts, so hundreds of thousands of companies load in seconds.
 */
import { BobsyncError } from '../errors.js';
import type { CrmCompany, CrmField, CrmPerson } from '../engine/model.js';
import { openSimStore } from './sim-store.js';

export interface SimSeedData {
  companies: CrmCompany[];
  persons: CrmPerson[];
  /** Custom fields of Company to declare (columns); `CrmCompany.custom` values go into them. */
  fields: CrmField[];
}

const COMPANY_COLUMNS = [
  'comp_companyid', 'comp_name', 'comp_type', 'comp_status', 'comp_website', 'comp_emailaddress',
  'comp_phonenumber', 'comp_bobsync', 'comp_vatnumber', 'comp_bobid',
];
const ADDRESS_COLUMNS = ['addr_addressid', 'addr_companyid', 'addr_address1', 'addr_address2', 'addr_postcode', 'addr_city', 'addr_country'];
const PERSON_COLUMNS = [
  'pers_personid', 'pers_companyid', 'pers_firstname', 'pers_lastname', 'pers_title', 'pers_emailaddress', 'pers_phonenumber',
];

/**
 * Creates (or opens) the simulator database `file` and loads the data into it. Ids that are
 * given (digits) are kept, so persons can point at their company; empty ids are assigned. Empty
 * strings are stored as NULL, like untouched CRM fields. Throws when the file already holds data.
 */
export function seedSimDatabase(file: string, data: SimSeedData): void {
  const store = openSimStore(file);
  try {
    if (!store.isEmpty()) {
      throw new BobsyncError('cannot-write', `The CRM simulator database ${file} already holds data`, {
        hint: 'seed a new file, or delete this one first',
      });
    }
    for (const field of data.fields) store.addCustomField('Company', field);
    const companyColumns = store.columns('Company');
    const customColumns = [...companyColumns].filter((name) => !COMPANY_COLUMNS.includes(name));
    const db = store.db;
    const insertCompany = db.prepare(insertSql('company', [...COMPANY_COLUMNS, ...customColumns]));
    const insertAddress = db.prepare(insertSql('address', ADDRESS_COLUMNS));
    const insertPerson = db.prepare(insertSql('person', PERSON_COLUMNS));

    db.transaction(() => {
      for (const company of data.companies) {
        for (const name of Object.keys(company.custom)) {
          if (!companyColumns.has(name.toLowerCase())) {
            throw new BobsyncError('bad-input', `Company ${company.id || company.name} has a value for the undeclared custom field "${name}"`, {
              hint: 'declare the field in `fields`',
            });
          }
        }
        const custom = lowerCaseKeys(company.custom);
        const result = insertCompany.run(
          key(company.id, 'company'),
          blank(company.name),
          blank(company.type),
          blank(company.status),
          blank(company.website),
          blank(company.email),
          blank(company.phone),
          company.bobSync ? 'Y' : null,
          blank(company.vat),
          blank(company.bobId),
          ...customColumns.map((name) => blank(custom[name] ?? '')),
        );
        const address = company.address;
        if (address !== null) {
          insertAddress.run(
            key(address.id, 'address'),
            result.lastInsertRowid,
            blank(address.address1),
            blank(address.address2),
            blank(address.postcode),
            blank(address.city),
            blank(address.country),
          );
        }
      }
      for (const person of data.persons) {
        insertPerson.run(
          key(person.id, 'person'),
          key(person.companyId, 'company'),
          blank(person.firstName),
          blank(person.lastName),
          blank(person.title),
          blank(person.email),
          blank(person.phone),
        );
      }
    })();
  } finally {
    store.close();
  }
}

function insertSql(table: string, columns: string[]): string {
  return `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}

function blank(value: string): string | null {
  return value === '' ? null : value;
}

/** A given id as an integer key, or null to let SQLite assign one. */
function key(id: string, what: string): number | null {
  if (id === '') return null;
  if (!/^\d{1,15}$/.test(id)) throw new BobsyncError('bad-input', `Expected the ${what} id "${id}" to be a number (Sage CRM ids are)`);
  return Number(id);
}

function lowerCaseKeys(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) out[name.toLowerCase()] = value;
  return out;
}
