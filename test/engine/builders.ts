/**
 * Builders for engine records: every field has a neutral default, tests name only what matters.
 * Shared with the import and apply tests.
 */
import type {
  AnalysisInput,
  BobContact,
  BobThirdParty,
  CrmAddress,
  CrmCompany,
  CrmField,
  CrmPerson,
  MappingEntry,
  PersonalFieldConfig,
  PersonalFieldSetting,
} from '../../src/engine/model.js';

/** A valid Belgian VAT number (`BE` + 10 digits) from its first 8 digits, e.g. `belgianVat(4030192)` → `BE0403019261`. */
export function belgianVat(first8: number): string {
  const base = String(first8).padStart(8, '0');
  const check = 97 - (first8 % 97);
  return `BE${base}${String(check).padStart(2, '0')}`;
}

/** A BOB customer (not a supplier) without VAT number, contacts or personal fields. */
export function aBobCustomer(overrides: Partial<BobThirdParty> = {}): BobThirdParty {
  return {
    id: 'ACME',
    isCustomer: true,
    isSupplier: false,
    name: 'Acme',
    name2: '',
    address1: '',
    address2: '',
    postcode: '',
    locality: '',
    country: '',
    language: 'N',
    vatRef: '',
    vatNo: '',
    phone: '',
    fax: '',
    email: '',
    website: '',
    isPerson: false,
    modifiedOn: '',
    personal: {},
    ...overrides,
  };
}

/** A BOB third party that is a supplier only. */
export function aBobSupplier(overrides: Partial<BobThirdParty> = {}): BobThirdParty {
  return aBobCustomer({ id: 'SUPPLIER', name: 'Supplier', isCustomer: false, isSupplier: true, ...overrides });
}

export function aBobContact(overrides: Partial<BobContact> = {}): BobContact {
  return {
    id: '1',
    companyId: 'ACME',
    lastName: 'Peeters',
    firstName: 'Jan',
    title: '',
    phone: '',
    mobile: '',
    email: '',
    language: 'N',
    ...overrides,
  };
}

/**
 * A CRM company of type Customer with BobSync ticked and an (empty) address; `address` overrides are
 * merged into that address, `address: null` removes it.
 */
export function aCrmCompany(overrides: Partial<Omit<CrmCompany, 'address'>> & { address?: Partial<CrmAddress> | null } = {}): CrmCompany {
  const { address, ...rest } = overrides;
  const id = rest.id ?? '1';
  return {
    id,
    name: 'Acme',
    type: 'Customer',
    status: 'Active',
    website: '',
    email: '',
    phone: '',
    bobSync: true,
    vat: '',
    bobId: '',
    custom: {},
    ...rest,
    address:
      address === null
        ? null
        : { id: `A${id}`, address1: '', address2: '', postcode: '', city: '', country: '', ...address },
  };
}

export function aCrmPerson(overrides: Partial<CrmPerson> = {}): CrmPerson {
  return {
    id: '1',
    companyId: '1',
    firstName: 'Jan',
    lastName: 'Peeters',
    title: '',
    email: '',
    phone: '',
    ...overrides,
  };
}

export function aCrmField(overrides: Partial<CrmField> = {}): CrmField {
  return { name: 'comp_sector', caption: 'Sector', type: 'text', ...overrides };
}

/** A link between BOB `ACME` and CRM `1`, without No sync. */
export function aMappingEntry(overrides: Partial<MappingEntry> = {}): MappingEntry {
  return { bobId: 'ACME', crmId: '1', noSync: false, linkedAt: '2024-01-02T03:04:05.000Z', lastSyncAt: '', ...overrides };
}

export interface InputParts {
  parties?: BobThirdParty[];
  contacts?: BobContact[];
  companies?: CrmCompany[];
  persons?: CrmPerson[];
  fields?: CrmField[];
  mapping?: MappingEntry[];
  personalFields?: PersonalFieldConfig[];
  personalFieldSettings?: PersonalFieldSetting[];
}

/** An analysis input; everything not given is empty. */
export function anAnalysisInput(parts: InputParts = {}): AnalysisInput {
  return {
    bob: { thirdParties: parts.parties ?? [], contacts: parts.contacts ?? [] },
    crm: { companies: parts.companies ?? [], persons: parts.persons ?? [], fields: parts.fields ?? [] },
    mapping: parts.mapping ?? [],
    personalFields: parts.personalFields ?? [],
    personalFieldSettings: parts.personalFieldSettings ?? [],
  };
}
