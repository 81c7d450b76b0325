/**
 * Reads BOB's third parties and contact persons into engine types (DESIGN §5). Wire rows keep BOB's
 * column names (`AcCompanRow`); named functions map them at the border: strings trimmed, null → '',
 * codes upper-cased, flags and timestamps normalised.
 */
import type { BobSchema } from '../../config/types.js';
import type { BobContact, BobThirdParty } from '../../engine/model.js';
import { bobSql, inChunks, personalAlias, type BobSql } from './bob-sql.js';
import { iterateRawBatches, VarcharParam, type RawBatch, type SqlExecutor, type SqlValue } from './executor.js';
import { intern } from '../intern.js';

/** A row of `AC_COMPAN` as read (columns under their default BOB names, personal fields as `PF_<i>`). */
export interface AcCompanRow {
  CID: unknown; CCUSTYPE: unknown; CSUPTYPE: unknown; CNAME1: unknown; CNAME2: unknown;
  CADDRESS1: unknown; CADDRESS2: unknown; CZIPCODE: unknown; CLOCALITY: unknown; CCOUNTRY: unknown;
  CLANGUAGE: unknown; CVATREF: unknown; CVATNO: unknown; CTELNO: unknown; CFAXNO: unknown;
  EMAILADDRESS: unknown; HTTPADDRESS: unknown; CISPERS: unknown; MODIFIEDON: unknown;
  [personal: string]: unknown;
}

/** A row of `AC_CONTACT` as read. */
export interface AcContactRow {
  PERSID: unknown; PCID: unknown; PNAME: unknown; PFIRSTNAME: unknown; PTITLE: unknown;
  PTELNO: unknown; PGSM: unknown; PEMAIL: unknown; PLANGUAGE: unknown;
  [column: string]: unknown;
}

export { checkBobSchema } from './bob-columns.js';

/**
 * How codes (CID, PCID) are compared, as the schema check found: `ignoreCase` true under a
 * case-insensitive collation (equality finds every spelling and seeks the key), false under a
 * case-sensitive one (compared upper-cased), null when the engine does not say (compared as given:
 * BOB stores its codes in upper case). `length`: bind codes as varchar of this length.
 */
export interface CodeComparison {
  ignoreCase: boolean | null;
  companyIdLength: number | null;
  contactCompanyIdLength: number | null;
}

const AS_GIVEN: CodeComparison = { ignoreCase: null, companyIdLength: null, contactCompanyIdLength: null };

const twoPart = (db: SqlExecutor): boolean => db.capabilities?.schemas === true;

/** The IN list of codes, as varchar parameters where the column is CHAR/VARCHAR. */
function codeChunks(ids: readonly string[], length: number | null): Array<{ list: string; params: Record<string, SqlValue> }> {
  return inChunks(ids).map((chunk) => ({
    list: chunk.list,
    params: length === null ? chunk.params : Object.fromEntries(Object.entries(chunk.params).map(([name, value]) => [name, new VarcharParam(value, Math.max(length, value.length))])),
  }));
}

/** `[CID]`, or `UPPER([CID])` where the collation tells case apart. */
function codeColumn(column: string, codes: CodeComparison): string {
  return codes.ignoreCase === false ? `UPPER(${column})` : column;
}

/**
 * Every third party (customers and suppliers) and every contact person, ordered by code (and
 * PERSID) here rather than by the database, whose collation differs between engines.
 */
export async function readBob(
  db: SqlExecutor,
  schema: BobSchema,
  personalColumns: string[],
): Promise<{ thirdParties: BobThirdParty[]; contacts: BobContact[] }> {
  const sql = bobSql(schema, personalColumns, twoPart(db));
  const thirdParties: BobThirdParty[] = [];
  for await (const batch of iterateRawBatches(db, sql.selectCompanies, undefined)) {
    forEachRow<AcCompanRow>(batch, (row) => thirdParties.push(mapAcCompanRow(row, personalColumns)));
  }
  const contacts: BobContact[] = [];
  for await (const batch of iterateRawBatches(db, sql.selectContacts, undefined)) {
    forEachRow<AcContactRow>(batch, (row) => contacts.push(mapAcContactRow(row)));
  }
  return { thirdParties: thirdParties.sort(byThirdParty), contacts: contacts.sort(byContact) };
}

/**
 * Calls `each` with every row of a raw batch seen through one reused object (the mappers copy what
 * they need), so that reading a whole table builds one object per record instead of two.
 */
function forEachRow<T>(batch: RawBatch, each: (row: T) => void): void {
  const row: Record<string, unknown> = {};
  const { columns } = batch;
  for (const values of batch.rows) {
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
    each(row as T);
  }
}

/**
 * The third parties with these codes (those that exist), for staleness checks. Codes are compared as
 * the database compares them (BOB stores them upper-case), so that the primary key index is used.
 */
export async function readBobThirdParties(
  db: SqlExecutor,
  schema: BobSchema,
  personalColumns: string[],
  ids: string[],
  codes: CodeComparison = AS_GIVEN,
): Promise<BobThirdParty[]> {
  const sql = bobSql(schema, personalColumns, twoPart(db));
  const parties: BobThirdParty[] = [];
  for (const chunk of codeChunks(uniqueUpper(ids), codes.companyIdLength)) {
    const text = `${sql.selectCompanies} WHERE ${codeColumn(sql.company.id, codes)} IN ${chunk.list}`;
    for await (const row of db.iterate<AcCompanRow>(text, chunk.params)) parties.push(mapAcCompanRow(row, personalColumns));
  }
  return parties.sort(byThirdParty);
}

/** The contact persons of these third parties, for staleness checks. */
export async function readBobContacts(db: SqlExecutor, schema: BobSchema, companyIds: string[], codes: CodeComparison = AS_GIVEN): Promise<BobContact[]> {
  const sql = bobSql(schema, [], twoPart(db));
  const contacts: BobContact[] = [];
  for (const chunk of codeChunks(uniqueUpper(companyIds), codes.contactCompanyIdLength)) {
    const text = `${sql.selectContacts} WHERE ${codeColumn(sql.contact.companyId, codes)} IN ${chunk.list}`;
    for await (const row of db.iterate<AcContactRow>(text, chunk.params)) contacts.push(mapAcContactRow(row));
  }
  return contacts.sort(byContact);
}

/**
 * The codes among `ids` that a third party already uses, compared without case and surrounding
 * spaces; returned upper-cased. Under a case-insensitive collation that is plain equality, which
 * seeks the key (and, with `lock`, takes key-range locks held until the transaction ends, so that
 * no other writer can take the code meanwhile: `WITH (UPDLOCK, HOLDLOCK)`). Otherwise each query
 * scans the table (the comparison goes through UPPER and TRIM), so past one chunk of codes the
 * codes of the whole table are read once instead.
 */
export async function bobIdsInUse(
  db: SqlExecutor,
  schema: BobSchema,
  ids: string[],
  codes: CodeComparison = AS_GIVEN,
  lock = false,
): Promise<Set<string>> {
  const sql: BobSql = bobSql(schema, [], twoPart(db));
  const wanted = uniqueUpper(ids);
  const inUse = new Set<string>();
  const hints = lock && db.capabilities?.lockHints === true ? ' WITH (UPDLOCK, HOLDLOCK)' : '';
  if (codes.ignoreCase === true) {
    for (const chunk of codeChunks(wanted, codes.companyIdLength)) {
      const rows = await db.query<{ CID: unknown }>(`SELECT ${sql.company.id} AS [CID] FROM ${sql.companyTable}${hints} WHERE ${sql.company.id} IN ${chunk.list}`, chunk.params);
      for (const row of rows) inUse.add(code(row.CID));
    }
    return inUse;
  }
  if (wanted.length > IN_USE_QUERY_UP_TO) {
    const asked = new Set(wanted);
    for await (const batch of iterateRawBatches(db, `SELECT ${sql.company.id} AS [CID] FROM ${sql.companyTable}`, undefined)) {
      for (const [cid] of batch.rows) {
        const id = code(cid);
        if (asked.has(id)) inUse.add(id);
      }
    }
    return inUse;
  }
  for (const chunk of inChunks(wanted)) {
    const rows = await db.query<{ CID: unknown }>(
      `SELECT ${sql.company.id} AS [CID] FROM ${sql.companyTable}${hints} WHERE UPPER(LTRIM(RTRIM(${sql.company.id}))) IN ${chunk.list}`,
      chunk.params,
    );
    for (const row of rows) inUse.add(code(row.CID));
  }
  return inUse;
}

/** Codes `bobIdsInUse` asks about with one query (one chunk); more are looked up in one read of the table. */
const IN_USE_QUERY_UP_TO = 500;

/** AC_COMPAN row → BobThirdParty. */
export function mapAcCompanRow(row: AcCompanRow, personalColumns: readonly string[]): BobThirdParty {
  const personal: Record<string, string> = {};
  personalColumns.forEach((column, index) => (personal[column.toUpperCase()] = intern(text(row[personalAlias(index)]))));
  return {
    id: code(row.CID),
    isCustomer: text(row.CCUSTYPE).toUpperCase() === 'C',
    isSupplier: text(row.CSUPTYPE).toUpperCase() === 'S',
    name: text(row.CNAME1),
    name2: text(row.CNAME2),
    address1: text(row.CADDRESS1),
    address2: text(row.CADDRESS2),
    postcode: intern(text(row.CZIPCODE)),
    locality: intern(text(row.CLOCALITY)),
    country: intern(text(row.CCOUNTRY)),
    language: intern(text(row.CLANGUAGE)),
    vatRef: intern(text(row.CVATREF)),
    vatNo: text(row.CVATNO),
    phone: text(row.CTELNO),
    fax: text(row.CFAXNO),
    email: text(row.EMAILADDRESS),
    website: text(row.HTTPADDRESS),
    isPerson: flag(row.CISPERS),
    modifiedOn: timestamp(row.MODIFIEDON),
    personal,
  };
}

/** AC_CONTACT row → BobContact. */
export function mapAcContactRow(row: AcContactRow): BobContact {
  return {
    id: text(row.PERSID),
    companyId: code(row.PCID),
    lastName: text(row.PNAME),
    firstName: text(row.PFIRSTNAME),
    title: intern(text(row.PTITLE)),
    phone: text(row.PTELNO),
    mobile: text(row.PGSM),
    email: text(row.PEMAIL),
    language: intern(text(row.PLANGUAGE)),
  };
}

/** A trimmed string; null → ''. SQL Server CHAR columns come padded, hence the trim. */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('utf8').trim();
  return String(value).trim();
}

function code(value: unknown): string {
  return text(value).toUpperCase();
}

/** BOB's logical columns come as 1/0, 'T'/'F', 'Y'/'N' or booleans depending on the engine and the import. */
function flag(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
  return ['1', 'T', 'TRUE', 'Y', 'YES'].includes(text(value).toUpperCase());
}

const SQL_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO timestamp, or '' when absent or unreadable. A text timestamp without a zone is read as UTC,
 * as mssql reads DATETIME columns, so that the same data gives the same string on every machine.
 */
function timestamp(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'number') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? '' : date.toISOString();
  }
  const match = SQL_TIMESTAMP.exec(text(value));
  if (match === null) return '';
  const [, day, time = '00:00:00', zone = 'Z'] = match;
  const date = new Date(`${day}T${time}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byThirdParty(a: BobThirdParty, b: BobThirdParty): number {
  return compareText(a.id, b.id);
}

/** By third party, then PERSID as a number (ids are integers in BOB; text compares only as a fallback). */
function byContact(a: BobContact, b: BobContact): number {
  return compareText(a.companyId, b.companyId) || Number(a.id) - Number(b.id) || compareText(a.id, b.id);
}

function uniqueUpper(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.trim().toUpperCase()).filter((id) => id !== ''))];
}
