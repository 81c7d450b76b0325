/**
 * Writes new third parties and contact persons into BOB (the apply step, CRM → BOB). Meant to run on
 * the `tx` of a transaction: the caller decides what belongs together and the executor rolls back.
 */
import type { BobSchema } from '../../config/types.js';
import type { BobContact, BobThirdParty } from '../../engine/model.js';
import { BobsyncError } from '../../errors.js';
import { bobSql } from './bob-sql.js';
import type { SqlExecutor, SqlParams } from './executor.js';

/**
 * Inserts a third party as a customer that is not a supplier (`CCUSTYPE='C'`, `CSUPTYPE='U'`). The
 * VAT number goes in as the caller split it (`vatRef` + `vatNo`); an empty `modifiedOn` stores NULL.
 */
export async function insertThirdParty(
  tx: SqlExecutor,
  schema: BobSchema,
  party: BobThirdParty,
  personalColumns: string[],
): Promise<void> {
  const sql = bobSql(schema, personalColumns);
  const id = party.id.trim().toUpperCase();
  if (id === '') throw new BobsyncError('internal', 'insertThirdParty: the third party has no code');
  const values: Record<keyof BobSchema['company'], SqlParams[string]> = {
    id,
    isCustomer: 'C',
    isSupplier: 'U',
    name: party.name,
    name2: party.name2,
    address1: party.address1,
    address2: party.address2,
    postcode: party.postcode,
    locality: party.locality,
    country: party.country,
    language: party.language,
    vatRef: party.vatRef,
    vatNo: party.vatNo,
    phone: party.phone,
    fax: party.fax,
    email: party.email,
    website: party.website,
    isPerson: party.isPerson ? 1 : 0,
    modifiedOn: modifiedOn(party),
  };
  const fields = Object.keys(sql.company) as Array<keyof BobSchema['company']>;
  const params: SqlParams = {};
  for (const field of fields) params[field] = values[field];
  personalColumns.forEach((column, index) => (params[`pf${index}`] = party.personal[column.toUpperCase()] ?? ''));
  const columns = [...fields.map((field) => sql.company[field]), ...sql.personal];
  const placeholders = [...fields.map((field) => `@${field}`), ...personalColumns.map((_, index) => `@pf${index}`)];
  await tx.execute(`INSERT INTO ${sql.companyTable} (${columns.join(', ')}) VALUES (${placeholders.join(', ')})`, params);
}

function modifiedOn(party: BobThirdParty): Date | null {
  if (party.modifiedOn === '') return null;
  const date = new Date(party.modifiedOn);
  if (Number.isNaN(date.getTime())) {
    throw new BobsyncError('internal', `insertThirdParty: ${JSON.stringify(party.modifiedOn)} is not an ISO time`);
  }
  return date;
}

/**
 * Inserts a contact person. An empty `contact.id` takes `MAX(PERSID) + 1`, read in the same
 * transaction; returns the PERSID used.
 */
export async function insertContact(tx: SqlExecutor, schema: BobSchema, contact: BobContact): Promise<string> {
  const sql = bobSql(schema, []);
  let id: number;
  if (contact.id.trim() === '') {
    const [row] = await tx.query<{ maxId: unknown }>(`SELECT MAX(${sql.contact.id}) AS [maxId] FROM ${sql.contactTable}`);
    id = Number(row?.maxId ?? 0) + 1;
  } else {
    id = Number(contact.id);
  }
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new BobsyncError('internal', `insertContact: ${JSON.stringify(contact.id)} is not a valid PERSID`);
  }
  const values: Record<keyof BobSchema['contact'], SqlParams[string]> = {
    id,
    companyId: contact.companyId.trim().toUpperCase(),
    lastName: contact.lastName,
    firstName: contact.firstName,
    title: contact.title,
    phone: contact.phone,
    mobile: contact.mobile,
    email: contact.email,
    language: contact.language,
  };
  const fields = Object.keys(sql.contact) as Array<keyof BobSchema['contact']>;
  const params: SqlParams = {};
  for (const field of fields) params[field] = values[field];
  await tx.execute(
    `INSERT INTO ${sql.contactTable} (${fields.map((field) => sql.contact[field]).join(', ')}) VALUES (${fields.map((field) => `@${field}`).join(', ')})`,
    params,
  );
  return String(id);
}
