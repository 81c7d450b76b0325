/**
 * What the operations write (DESIGN §2: BOB wins): the values of a company created in the CRM, the
 * changed values written on a linked one, and the BOB customer made from a CRM company. Always from
 * the fresh records, never from the workbook.
 */
import { compareNatural } from './compare-natural.js';
import { fitBobRecord, type FitNote } from './fit-bob.js';
import type { BobColumns, BobContact, BobThirdParty, FieldChange } from './model.js';
import { barePostcode, normaliseCountry, normaliseText } from './normalise.js';
import type { BobRecord, CrmAddressValues, CrmCompanyValues, CrmPersonValues, CrmRecord, CrmUpdateCompanyOp } from './plan-model.js';
import { bobVat, normaliseVat } from './vat.js';

/** A selected personal field: its BOB column's value travels to this CRM field (and back). */
export interface TravellingField {
  column: string;
  crmField: string;
}

/** What the values written depend on besides the records. */
export interface WriteContext {
  /** `comp_type` of a company created in the CRM. */
  customerType: string;
  travelling: readonly TravellingField[];
  /** ISO time written as BOB's `MODIFIEDON`. */
  now: string;
  /** BOB's columns: a new BOB customer is fitted to them (fit-bob). */
  bobColumns?: BobColumns;
}

export function createdCompanyValues(party: BobThirdParty, ctx: WriteContext): CrmCompanyValues {
  const vat = bobVat(party.vatRef, party.vatNo, normaliseCountry(party.country));
  const values: CrmCompanyValues = { name: party.name, type: ctx.customerType, bobSync: true, bobId: party.id };
  putText(values, 'website', party.website);
  putText(values, 'email', party.email);
  putText(values, 'phone', party.phone);
  putText(values, 'vat', vat.status === 'valid' ? vat.vat : vat.status === 'invalid' ? vat.raw : '');
  const custom: Record<string, string> = {};
  for (const setting of ctx.travelling) {
    const value = party.personal[setting.column.toUpperCase()] ?? '';
    if (value.trim() !== '') custom[setting.crmField.toLowerCase()] = value;
  }
  if (Object.keys(custom).length > 0) values.custom = custom;
  return values;
}

export function createdAddressValues(party: BobThirdParty): CrmAddressValues | null {
  const values: CrmAddressValues = {};
  putText(values, 'address1', party.address1);
  putText(values, 'address2', party.address2);
  putText(values, 'postcode', barePostcode(party.postcode));
  putText(values, 'city', party.locality);
  putText(values, 'country', party.country);
  return Object.keys(values).length > 0 ? values : null;
}

const ADDRESS_FIELDS: Record<string, keyof CrmAddressValues> = {
  address1: 'address1',
  address2: 'address2',
  postcode: 'postcode',
  city: 'city',
  country: 'country',
};
const COMPANY_FIELDS = new Set(['name', 'website', 'email', 'phone']);

/** Turns the engine's changes into writes: company fields, address fields, persons to add, personal fields. */
export function updateValues(
  changes: readonly FieldChange[],
  bob: BobRecord,
  crm: CrmRecord,
  ctx: WriteContext,
): { company: CrmCompanyValues; address: CrmUpdateCompanyOp['address']; persons: CrmPersonValues[] } {
  const company: CrmCompanyValues = {};
  const address: CrmAddressValues = {};
  const custom: Record<string, string> = {};
  const personNames = new Set<string>();
  for (const change of changes) {
    if (COMPANY_FIELDS.has(change.field)) (company as Record<string, string>)[change.field] = change.to;
    else if (Object.hasOwn(ADDRESS_FIELDS, change.field)) address[ADDRESS_FIELDS[change.field]!] = change.to;
    else if (change.field === 'person') personNames.add(normaliseText(change.to));
    else if (change.field.startsWith('pf:')) {
      const column = change.field.slice(3);
      const setting = ctx.travelling.find((s) => s.column.toUpperCase() === column);
      if (setting !== undefined) custom[setting.crmField.toLowerCase()] = change.to;
    }
  }
  if (Object.keys(custom).length > 0) company.custom = custom;
  let addressWrite: CrmUpdateCompanyOp['address'] = null;
  if (crm.company.address !== null) {
    if (Object.keys(address).length > 0) addressWrite = { id: crm.company.address.id, values: address };
  } else {
    const all = createdAddressValues(bob.party);
    if (all !== null) addressWrite = { id: '', values: all };
  }
  const persons = uniqueContacts(bob.contacts)
    .filter((contact) => personNames.has(normaliseText(`${contact.firstName} ${contact.lastName}`)))
    .map(personValues);
  return { company, address: addressWrite, persons };
}

/** Contacts without a second one of the same name (first and last name, in either order). */
export function uniqueContacts(contacts: readonly BobContact[]): BobContact[] {
  const seen = new Set<string>();
  const unique: BobContact[] = [];
  for (const contact of [...contacts].sort((a, b) => compareNatural(a.id, b.id))) {
    const key = normaliseText(`${contact.firstName} ${contact.lastName}`);
    const swapped = normaliseText(`${contact.lastName} ${contact.firstName}`);
    if (key === '' || seen.has(key) || seen.has(swapped)) continue;
    seen.add(key);
    unique.push(contact);
  }
  return unique;
}

export function personValues(contact: BobContact): CrmPersonValues {
  const values: CrmPersonValues = {};
  putText(values, 'firstName', contact.firstName);
  putText(values, 'lastName', contact.lastName);
  putText(values, 'title', contact.title);
  putText(values, 'email', contact.email);
  // The CRM person has one phone: the mobile when BOB has no other.
  putText(values, 'phone', contact.phone !== '' ? contact.phone : contact.mobile);
  return values;
}

/**
 * The BOB customer made from a CRM company: its values, the VAT number split, its persons as
 * contacts, fitted to BOB's columns (`notes` says what BOB receives other than the CRM has it).
 */
export function newBobCustomer(bobId: string, crm: CrmRecord, ctx: WriteContext): BobRecord & { notes: FitNote[] } {
  const { company, persons } = crm;
  const country = company.address?.country ?? '';
  const countryCode = normaliseCountry(country);
  const vat = normaliseVat(company.vat, countryCode);
  const personal: Record<string, string> = {};
  for (const setting of ctx.travelling) {
    const value = company.custom[setting.crmField.toLowerCase()] ?? '';
    if (value !== '') personal[setting.column.toUpperCase()] = value;
  }
  const party: BobThirdParty = {
    id: bobId,
    isCustomer: true,
    isSupplier: false,
    name: company.name,
    name2: '',
    address1: company.address?.address1 ?? '',
    address2: company.address?.address2 ?? '',
    postcode: company.address?.postcode ?? '',
    locality: company.address?.city ?? '',
    // fitBobRecord makes a name its code (and leaves out what is no country).
    country,
    language: '',
    vatRef: vat.status === 'valid' ? vat.country : '',
    vatNo: vat.status === 'valid' ? vat.number : vat.status === 'invalid' ? vat.raw : '',
    phone: company.phone,
    fax: '',
    email: company.email,
    website: company.website,
    isPerson: false,
    modifiedOn: ctx.now,
    personal,
  };
  const contacts: BobContact[] = [...persons]
    .sort((a, b) => compareNatural(a.id, b.id))
    .map((person) => ({
      id: '',
      companyId: bobId,
      lastName: person.lastName,
      firstName: person.firstName,
      title: person.title,
      phone: person.phone,
      mobile: '',
      email: person.email,
      language: '',
    }));
  return fitBobRecord(party, contacts, ctx.bobColumns);
}

function putText<T extends object>(target: T, key: keyof T, value: string): void {
  if (value.trim() !== '') (target as Record<string, unknown>)[key as string] = value;
}
