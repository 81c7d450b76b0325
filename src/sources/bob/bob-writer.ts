/**
 * Writes new third parties and contact persons into BOB (the apply step, CRM → BOB). Meant to run on
 * the `tx` of a transaction: the caller decides what belongs together and the executor rolls back.
 */
import type { BobSchema } from '../../config/types.js';
import type { BobColumn, BobColumns, BobContact, BobThirdParty } from '../../engine/model.js';
import { BobsyncError } from '../../errors.js';
import { inCp1252 } from '../../engine/code-page.js';
import { bobSql } from './bob-sql.js';
import type { SqlExecutor, SqlParams } from './executor.js';

/** BOB's wall clock: MODIFIEDON is a DATETIME without a zone, and BOB's users read it as Belgian time. */
export const BOB_TIME_ZONE = 'Europe/Brussels';

/**
 * Inserts a third party as a customer that is not a supplier (`CCUSTYPE='C'`, `CSUPTYPE='U'`). The
 * VAT number goes in as the caller split it (`vatRef` + `vatNo`); an empty `modifiedOn` stores NULL,
 * an instant is stored as BOB's local time (`BOB_TIME_ZONE`). With `widths`, a value longer than
 * its column, or with characters its code page lacks, is refused before it reaches the database, on
 * every engine: the engine fits values to the columns (fit-bob), so this is a last guard.
 */
export async function insertThirdParty(
  tx: SqlExecutor,
  schema: BobSchema,
  party: BobThirdParty,
  personalColumns: string[],
  widths?: BobColumns,
): Promise<void> {
  const sql = bobSql(schema, personalColumns, tx.capabilities?.schemas === true);
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
  for (const field of fields) params[field] = checked(values[field], widths?.company[field], schema.companyTable, schema.company[field]);
  personalColumns.forEach(
    (column, index) => (params[`pf${index}`] = checked(party.personal[column.toUpperCase()] ?? '', widths?.personal[column.toUpperCase()], schema.companyTable, column)),
  );
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
  return bobWallClock(date);
}

/**
 * `instant` as BOB's local time, carried in a Date whose UTC fields are that wall clock: both
 * drivers write a Date's UTC fields into a zone-less column (tedious with `useUTC`, the SQLite
 * executor as ISO text), and read them back the same way, so the value read back is this one.
 */
export function bobWallClock(instant: Date): Date {
  const parts = Object.fromEntries(
    WALL_CLOCK.formatToParts(instant).filter((part) => part.type !== 'literal').map((part) => [part.type, Number(part.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second, instant.getUTCMilliseconds()));
}

const WALL_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: BOB_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** `value`, or a BobsyncError naming the column when it would not fit (length, code page). */
function checked<T extends SqlParams[string]>(value: T, column: BobColumn | undefined, table: string, name: string): T {
  if (typeof value !== 'string' || column === undefined) return value;
  if (column.maxLength !== null && value.length > column.maxLength) {
    throw new BobsyncError('internal', `${table}.${name} holds ${column.maxLength} characters; the value to write has ${value.length}`, {
      hint: 'values are fitted to BOB\'s columns when the proposal is built: run bobsync analyse again, and report this with --verbose',
    });
  }
  const lost = lostCharacters(value, column);
  if (lost !== '') {
    throw new BobsyncError('internal', `${table}.${name} cannot hold ${JSON.stringify(lost)} (its code page lacks it)`, {
      hint: 'values are fitted to BOB\'s columns when the proposal is built: run bobsync analyse again, and report this with --verbose',
    });
  }
  return value;
}

/** The characters of `value` the column's code page cannot hold. */
function lostCharacters(value: string, column: BobColumn): string {
  if (column.charset === null || column.charset === 'unicode') return '';
  return [...value].filter((char) => !(column.charset === 'ascii' ? char.charCodeAt(0) < 0x80 : inCp1252(char))).join('');
}

/**
 * Inserts a contact person. An empty `contact.id` takes `MAX(PERSID) + 1`, read in the same
 * transaction; returns the PERSID used.
 */
export async function insertContact(tx: SqlExecutor, schema: BobSchema, contact: BobContact, widths?: BobColumns): Promise<string> {
  const sql = bobSql(schema, [], tx.capabilities?.schemas === true);
  let id: number;
  if (contact.id.trim() === '') {
    // The range lock holds the highest key until the transaction ends: no other writer (BOB
    // included) can insert the same PERSID meanwhile. SQLite's write lock does that already.
    const hints = tx.capabilities?.lockHints === true ? ' WITH (UPDLOCK, HOLDLOCK)' : '';
    const [row] = await tx.query<{ maxId: unknown }>(`SELECT MAX(${sql.contact.id}) AS [maxId] FROM ${sql.contactTable}${hints}`);
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
  for (const field of fields) params[field] = checked(values[field], widths?.contact[field], schema.contactTable, schema.contact[field]);
  await tx.execute(
    `INSERT INTO ${sql.contactTable} (${fields.map((field) => sql.contact[field]).join(', ')}) VALUES (${fields.map((field) => `@${field}`).join(', ')})`,
    params,
  );
  return String(id);
}
