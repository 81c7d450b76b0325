/**
 * Wire shapes of the Sage CRM REST API and the named functions that turn them into engine types
 * and back (DESIGN §4: wire shapes stay in the adapter). Field names come from the configured
 * `CrmSchema`, so a DTO is a record keyed by field name; keys are compared in lower case because a
 * real CRM spells them `Comp_Name` as readily as `comp_name`.
 */
import type { CrmSchema } from '../../config/types.js';
import type { CrmAddress, CrmCompany, CrmPerson } from '../../engine/model.js';
import type { AddressWrite, CompanyWrite, PersonWrite } from './crm-port.js';
import { intern, internValues } from '../intern.js';

/** An SData entry of `Company`: field name (lower case) → value, plus `$key`, `$url`, … */
export type CompanyDto = Readonly<Record<string, unknown>>;
/** An SData entry of `Person`. */
export type PersonDto = Readonly<Record<string, unknown>>;
/** An SData entry of `Address`. */
export type AddressDto = Readonly<Record<string, unknown>>;

/** What the client sends to create or update an entry: field name → value (null clears). */
export type WriteDto = Record<string, string | number | null>;

/** Field names repeat on every entry of a feed: lower-case each spelling once. */
const lowered = new Map<string, string>();
function lower(key: string): string {
  let result = lowered.get(key);
  if (result === undefined) {
    result = key.toLowerCase();
    if (lowered.size < 10_000) lowered.set(key, result);
  }
  return result;
}

/** The entry with every key in lower case: the entry itself when its keys already are (the usual case). */
export function lowerCaseKeys(entry: unknown): Record<string, unknown> {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return {};
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (lower(key) !== key) {
      const out: Record<string, unknown> = {};
      for (const [k, value] of Object.entries(record)) out[lower(k)] = value;
      return out;
    }
  }
  return record;
}

/** A wire value as engine text: trimmed; null, missing and nested objects become ''. */
export function wireText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'Y' : '';
  return '';
}

/** The id of an entry: its key field, else SData's `$key`; '' when it has neither. */
export function entryId(dto: Readonly<Record<string, unknown>>, keyField: string): string {
  return wireText(dto[keyField.toLowerCase()]) || wireText(dto.$key);
}

/** A check box as the CRM stores it: `Y` when ticked. */
export function isTicked(value: unknown): boolean {
  return value === true || wireText(value).toUpperCase() === 'Y';
}

function field(dto: Readonly<Record<string, unknown>>, name: string): string {
  return wireText(dto[name.toLowerCase()]);
}

/**
 * A Company entry (keys in lower case) as an engine company. `customFields` are the lower-case
 * names of the custom fields to copy into `custom`; `address` is the company's primary address.
 */
export function companyFromDto(
  dto: CompanyDto,
  schema: CrmSchema,
  customFields: readonly string[],
  address: CrmAddress | null,
): CrmCompany {
  const c = schema.company;
  const custom: Record<string, string> = {};
  for (const name of customFields) custom[name] = field(dto, name);
  return {
    id: entryId(dto, c.id),
    name: field(dto, c.name),
    type: field(dto, c.type),
    status: field(dto, c.status),
    website: field(dto, c.website),
    email: field(dto, c.email),
    phone: field(dto, c.phone),
    bobSync: isTicked(dto[c.bobSync.toLowerCase()]),
    vat: field(dto, c.vat),
    bobId: field(dto, c.bobId),
    address,
    custom,
  };
}

/** A Person entry (keys in lower case) as an engine person. */
export function personFromDto(dto: PersonDto, schema: CrmSchema): CrmPerson {
  const p = schema.person;
  return {
    id: entryId(dto, p.id),
    companyId: field(dto, p.companyId),
    firstName: field(dto, p.firstName),
    lastName: field(dto, p.lastName),
    title: field(dto, p.title),
    email: field(dto, p.email),
    phone: field(dto, p.phone),
  };
}

/** An Address entry (keys in lower case) as an engine address. */
export function addressFromDto(dto: AddressDto, schema: CrmSchema): CrmAddress {
  const a = schema.address;
  return {
    id: entryId(dto, a.id),
    address1: field(dto, a.address1),
    address2: field(dto, a.address2),
    postcode: field(dto, a.postcode),
    city: field(dto, a.city),
    country: field(dto, a.country),
  };
}

/**
 * The company with the values that repeat from one company to the next shared (type, status,
 * custom fields, its address's postcode, city and country; see ../intern.ts), in place. Called where
 * companies are kept (the analysis' snapshot, the import's fresh records), not where they are
 * mapped: a feed read in another thread is copied string by string on its way, and the import keeps
 * only some of the companies it reads.
 */
export function internCompany(company: CrmCompany): CrmCompany {
  company.type = intern(company.type);
  company.status = intern(company.status);
  internValues(company.custom);
  const { address } = company;
  if (address !== null) {
    address.postcode = intern(address.postcode);
    address.city = intern(address.city);
    address.country = intern(address.country);
  }
  return company;
}

/** The person with its title shared (see `internCompany`), in place. */
export function internPerson(person: CrmPerson): CrmPerson {
  person.title = intern(person.title);
  return person;
}

/** The company id an Address entry belongs to, or ''. */
export function addressCompanyId(dto: AddressDto, schema: CrmSchema): string {
  return field(dto, schema.address.companyId);
}

/** Company values to write: only the keys present; an unticked BobSync box is sent as null. */
export function companyToDto(values: CompanyWrite, schema: CrmSchema): WriteDto {
  const c = schema.company;
  const out: WriteDto = {};
  const put = (name: string, value: string | undefined): void => {
    if (value !== undefined) out[name] = value;
  };
  put(c.name, values.name);
  put(c.type, values.type);
  put(c.status, values.status);
  put(c.website, values.website);
  put(c.email, values.email);
  put(c.phone, values.phone);
  if (values.bobSync !== undefined) out[c.bobSync] = values.bobSync ? 'Y' : null;
  put(c.vat, values.vat);
  put(c.bobId, values.bobId);
  for (const [name, value] of Object.entries(values.custom ?? {})) out[name] = value;
  return out;
}

/** Address values to write (only the keys present). */
export function addressToDto(values: AddressWrite, schema: CrmSchema): WriteDto {
  const a = schema.address;
  const out: WriteDto = {};
  const pairs: [string, string | undefined][] = [
    [a.address1, values.address1],
    [a.address2, values.address2],
    [a.postcode, values.postcode],
    [a.city, values.city],
    [a.country, values.country],
  ];
  for (const [name, value] of pairs) if (value !== undefined) out[name] = value;
  return out;
}

/** Person values to write (only the keys present). */
export function personToDto(values: PersonWrite, schema: CrmSchema): WriteDto {
  const p = schema.person;
  const out: WriteDto = {};
  const pairs: [string, string | undefined][] = [
    [p.firstName, values.firstName],
    [p.lastName, values.lastName],
    [p.title, values.title],
    [p.email, values.email],
    [p.phone, values.phone],
  ];
  for (const [name, value] of pairs) if (value !== undefined) out[name] = value;
  return out;
}
