/**
 * The SQL text over BOB's tables for a configured schema, shared by the reader and the writer. Columns
 * are read under their default BOB names (`[MYID] AS [CID]`), so the wire rows (`AcCompanRow`) have
 * one shape whatever the configuration says; personal fields are read as `[PF_0]`, `[PF_1]`, ….
 */
import type { BobSchema } from '../../config/types.js';
import { quoteIdentifier } from './quote-identifier.js';

/** Engine field → default BOB column name (the alias each column is read under). */
export const COMPANY_ALIASES: Record<keyof BobSchema['company'], string> = {
  id: 'CID', isCustomer: 'CCUSTYPE', isSupplier: 'CSUPTYPE', name: 'CNAME1', name2: 'CNAME2',
  address1: 'CADDRESS1', address2: 'CADDRESS2', postcode: 'CZIPCODE', locality: 'CLOCALITY', country: 'CCOUNTRY',
  language: 'CLANGUAGE', vatRef: 'CVATREF', vatNo: 'CVATNO', phone: 'CTELNO', fax: 'CFAXNO', email: 'EMAILADDRESS',
  website: 'HTTPADDRESS', isPerson: 'CISPERS', modifiedOn: 'MODIFIEDON',
};

export const CONTACT_ALIASES: Record<keyof BobSchema['contact'], string> = {
  id: 'PERSID', companyId: 'PCID', lastName: 'PNAME', firstName: 'PFIRSTNAME', title: 'PTITLE',
  phone: 'PTELNO', mobile: 'PGSM', email: 'PEMAIL', language: 'PLANGUAGE',
};

/** Alias of the i-th personal column in a company row. */
export const personalAlias = (index: number): string => `PF_${index}`;

export interface BobSql {
  companyTable: string;
  contactTable: string;
  /** Quoted column per engine field. */
  company: Record<keyof BobSchema['company'], string>;
  contact: Record<keyof BobSchema['contact'], string>;
  /** Quoted personal columns, in the order given. */
  personal: string[];
  /** `SELECT … FROM [AC_COMPAN]`, to be followed by a WHERE and/or ORDER BY. */
  selectCompanies: string;
  selectContacts: string;
}

/**
 * Checks every configured name (a 'config' error names the key) and builds the SQL pieces. With
 * `twoPart` (an engine with schemas), tables are named with their schema: `[dbo].[AC_COMPAN]`.
 */
export function bobSql(schema: BobSchema, personalColumns: readonly string[], twoPart = false): BobSql {
  const qualifier = twoPart ? `${quoteIdentifier(schema.schema ?? 'dbo', 'bobSchema.schema')}.` : '';
  const companyTable = qualifier + quoteIdentifier(schema.companyTable, 'bobSchema.companyTable');
  const contactTable = qualifier + quoteIdentifier(schema.contactTable, 'bobSchema.contactTable');
  const company = quoteAll(schema.company, 'bobSchema.company');
  const contact = quoteAll(schema.contact, 'bobSchema.contact');
  const personal = personalColumns.map((column) => quoteIdentifier(column, 'personalFields'));
  const companyList = [
    ...Object.entries(company).map(([field, column]) => `${column} AS [${COMPANY_ALIASES[field as keyof typeof company]}]`),
    ...personal.map((column, index) => `${column} AS [${personalAlias(index)}]`),
  ];
  const contactList = Object.entries(contact).map(([field, column]) => `${column} AS [${CONTACT_ALIASES[field as keyof typeof contact]}]`);
  return {
    companyTable,
    contactTable,
    company,
    contact,
    personal,
    selectCompanies: `SELECT ${companyList.join(', ')} FROM ${companyTable}`,
    selectContacts: `SELECT ${contactList.join(', ')} FROM ${contactTable}`,
  };
}

function quoteAll<K extends string>(columns: Record<K, string>, keyPrefix: string): Record<K, string> {
  const quoted = {} as Record<K, string>;
  for (const field of Object.keys(columns) as K[]) quoted[field] = quoteIdentifier(columns[field], `${keyPrefix}.${field}`);
  return quoted;
}

/** `IN (@p0, @p1, …)` lists of at most `size` parameters each. */
export function inChunks(values: readonly string[], size = 500): Array<{ list: string; params: Record<string, string> }> {
  const chunks: Array<{ list: string; params: Record<string, string> }> = [];
  for (let start = 0; start < values.length; start += size) {
    const slice = values.slice(start, start + size);
    const params: Record<string, string> = {};
    slice.forEach((value, index) => (params[`p${index}`] = value));
    chunks.push({ list: `(${slice.map((_, index) => `@p${index}`).join(', ')})`, params });
  }
  return chunks;
}
