/**
 * Fingerprints of source records: a hash of the record's canonical content, computed at analysis and
 * again at import from freshly read records. A different fingerprint means the record changed since
 * the proposal was built (the row is stale). They depend on content only, never on order or time.
 */
import { hash } from 'node:crypto';
import { byCodeUnits, sortSmall } from './collections.js';
import { compareNatural } from './compare-natural.js';
import type { BobContact, BobThirdParty, CrmAddress, CrmCompany, CrmPerson, MappingEntry } from './model.js';

/** JSON with object keys sorted at every level and `undefined` members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units: the same order everywhere, unlike localeCompare.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
    first = false;
  }
  return `${out}}`;
}

/** First 32 hex digits (128 bits) of the sha-256 of `text` (one-shot: no Hash object per record). */
function digest(text: string): string {
  return hash('sha256', text, 'hex').slice(0, 32);
}

// The fields that take part in each fingerprint, in a fixed order. `satisfies` makes the compiler
// refuse a model field that is missing here, so a new field cannot silently escape the check. The
// text is built field by field instead of through canonicalJson: this runs for 200k+ records.
const BOB_FIELDS = {
  id: 1, isCustomer: 1, isSupplier: 1, name: 1, name2: 1, address1: 1, address2: 1, postcode: 1, locality: 1,
  country: 1, language: 1, vatRef: 1, vatNo: 1, phone: 1, fax: 1, email: 1, website: 1, isPerson: 1, modifiedOn: 1,
  personal: 1,
} as const satisfies Record<keyof BobThirdParty, 1>;
const CONTACT_FIELDS = {
  id: 1, companyId: 1, lastName: 1, firstName: 1, title: 1, phone: 1, mobile: 1, email: 1, language: 1,
} as const satisfies Record<keyof BobContact, 1>;
const COMPANY_FIELDS = {
  id: 1, name: 1, type: 1, status: 1, website: 1, email: 1, phone: 1, bobSync: 1, vat: 1, bobId: 1, address: 1, custom: 1,
} as const satisfies Record<keyof CrmCompany, 1>;
const ADDRESS_FIELDS = { id: 1, address1: 1, address2: 1, postcode: 1, city: 1, country: 1 } as const satisfies Record<keyof CrmAddress, 1>;
const PERSON_FIELDS = {
  id: 1, companyId: 1, firstName: 1, lastName: 1, title: 1, email: 1, phone: 1,
} as const satisfies Record<keyof CrmPerson, 1>;
const MAPPING_FIELDS = { bobId: 1, crmId: 1, noSync: 1, linkedAt: 1, lastSyncAt: 1 } as const satisfies Record<keyof MappingEntry, 1>;

/** The keys of a fingerprint in a fixed order, with the head of each field's text (`<key>=`) made once. */
interface FieldList {
  keys: readonly string[];
  heads: readonly string[];
}

function fieldList(fields: object, leaveOut: readonly string[] = []): FieldList {
  const keys = Object.keys(fields).filter((key) => !leaveOut.includes(key));
  return { keys, heads: keys.map((key) => `${key}=`) };
}

const BOB_KEYS = fieldList(BOB_FIELDS, ['personal']);
const CONTACT_KEYS = fieldList(CONTACT_FIELDS);
const COMPANY_KEYS = fieldList(COMPANY_FIELDS, ['address', 'custom']);
const ADDRESS_KEYS = fieldList(ADDRESS_FIELDS);
const PERSON_KEYS = fieldList(PERSON_FIELDS);
const MAPPING_KEYS = fieldList(MAPPING_FIELDS);

/**
 * One field as `<key>=<type><length>:<value>` (`head` is `<key>=`): the length prefix keeps the text
 * unambiguous whatever the value holds, without the cost of escaping (this runs for every field of
 * 200k+ records).
 */
function fieldText(head: string, value: unknown): string {
  if (typeof value === 'string') return `${head}s${value.length}:${value}`;
  if (value === null || value === undefined) return `${head}n`;
  const text = String(value);
  return `${head}${typeof value === 'boolean' ? 'b' : 'x'}${text.length}:${text}`;
}

function fieldsText(record: object, fields: FieldList): string {
  const r = record as Record<string, unknown>;
  let out = '';
  for (let i = 0; i < fields.keys.length; i++) out += fieldText(fields.heads[i]!, r[fields.keys[i]!]);
  return out;
}

/** A string map (personal or custom fields) with its keys sorted: their order carries no meaning. */
function mapText(map: Readonly<Record<string, string>>): string {
  let out = '';
  for (const key of sortSmall(Object.keys(map), byCodeUnits)) out += `${key.length}:${fieldText(`${key}=`, map[key])}`;
  return out;
}

/** The records in id order (natural): usually they come in that order already, and are not copied then. */
function listText<T extends { id: string }>(records: readonly T[], fields: FieldList): string {
  let out = '';
  for (const record of inIdOrder(records)) out += `\u001e${fieldsText(record, fields)}`;
  return out;
}

function inIdOrder<T extends { id: string }>(records: readonly T[]): readonly T[] {
  for (let i = 1; i < records.length; i++) {
    if (compareNatural(records[i - 1]!.id, records[i]!.id) > 0) return sortSmall([...records], (a, b) => compareNatural(a.id, b.id));
  }
  return records;
}

/** Fingerprint of a BOB third party with its contact persons (in any order). */
export function fingerprintBob(party: BobThirdParty, contacts: readonly BobContact[]): string {
  return digest(`bob${fieldsText(party, BOB_KEYS)}\u001dpersonal${mapText(party.personal)}\u001dcontacts${listText(contacts, CONTACT_KEYS)}`);
}

/** Fingerprint of a CRM company (address and custom fields included) with its persons (in any order). */
export function fingerprintCrm(company: CrmCompany, persons: readonly CrmPerson[]): string {
  const address = company.address === null ? 'null' : fieldsText(company.address, ADDRESS_KEYS);
  return digest(
    `crm${fieldsText(company, COMPANY_KEYS)}\u001daddress${address}\u001dcustom${mapText(company.custom)}\u001dpersons${listText(persons, PERSON_KEYS)}`,
  );
}

/** Fingerprint of a mapping entry; an absent entry has a fingerprint of its own. */
export function fingerprintMapping(entry: MappingEntry | undefined): string {
  return digest(entry === undefined ? 'map:none' : `map${fieldsText(entry, MAPPING_KEYS)}`);
}
