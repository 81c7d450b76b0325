/**
 * The engine's data types. Plain data only: adapters turn SQL rows and REST JSON into these at the
 * border (DESIGN §3, §4). Every string field is already trimmed by the adapter; a missing value is
 * the empty string, never null, so that comparisons and fingerprints are stable.
 */

// ---------------------------------------------------------------------------------------------
// Snapshots: what the sources hold
// ---------------------------------------------------------------------------------------------

/** A third party from BOB's `AC_COMPAN` (customer, supplier or both). */
export interface BobThirdParty {
  /** `CID`: BOB's code, at most 10 characters, upper case. */
  id: string;
  /** `CCUSTYPE = 'C'`. */
  isCustomer: boolean;
  /** `CSUPTYPE = 'S'`. */
  isSupplier: boolean;
  /** `CNAME1`. */
  name: string;
  /** `CNAME2`. */
  name2: string;
  address1: string;
  address2: string;
  /** `CZIPCODE` as stored, possibly with a country prefix (`BE1050`). */
  postcode: string;
  locality: string;
  /** `CCOUNTRY`, e.g. `BE`. */
  country: string;
  /** `CLANGUAGE`: one of N, F, E, D (or empty). */
  language: string;
  /** `CVATREF`: VAT country prefix as stored, e.g. `BE`. */
  vatRef: string;
  /** `CVATNO`: VAT number without prefix, as stored (any spelling). */
  vatNo: string;
  phone: string;
  fax: string;
  email: string;
  website: string;
  /** `CISPERS`: a natural person. */
  isPerson: boolean;
  /** `MODIFIEDON` as an ISO string, or empty. */
  modifiedOn: string;
  /** Personal-field columns named in the configuration: column name (upper case) → value. */
  personal: Record<string, string>;
}

/** A contact person from BOB's `AC_CONTACT`. */
export interface BobContact {
  /** `PERSID`, as a string. */
  id: string;
  /** `PCID`: the third party's `CID`. */
  companyId: string;
  lastName: string;
  firstName: string;
  title: string;
  phone: string;
  mobile: string;
  email: string;
  language: string;
}

/** A company from Sage CRM, with its (primary) address folded in. */
export interface CrmCompany {
  /** `comp_companyid`, as a string. */
  id: string;
  name: string;
  /** `comp_type` as stored, e.g. `Customer`, `Prospect`, `Supplier`. */
  type: string;
  status: string;
  website: string;
  email: string;
  phone: string;
  /** `comp_bobsync = 'Y'`. */
  bobSync: boolean;
  /** `comp_vatnumber` as stored (any spelling). */
  vat: string;
  /** `comp_bobid`: the BOB code stored by an earlier synchronisation, or empty. */
  bobId: string;
  address: CrmAddress | null;
  /** Custom fields other than bobsync/vat/bobid: field name (lower case) → value. */
  custom: Record<string, string>;
}

export interface CrmAddress {
  /** `addr_addressid`. */
  id: string;
  address1: string;
  address2: string;
  postcode: string;
  city: string;
  country: string;
}

export interface CrmPerson {
  /** `pers_personid`. */
  id: string;
  /** `pers_companyid`. */
  companyId: string;
  firstName: string;
  lastName: string;
  title: string;
  email: string;
  phone: string;
}

/** A custom field declared on the CRM Company entity (from `$prototypes/Company`). */
export interface CrmField {
  /** Field name, lower case, e.g. `comp_sector`. */
  name: string;
  /** Caption shown in the CRM, e.g. `Sector`. */
  caption: string;
  type: string;
}

/** One entry of the mapping table (the state store's link between BOB and the CRM). */
export interface MappingEntry {
  /** BOB code, or empty when only the CRM side is known (No sync on an unlinked CRM company). */
  bobId: string;
  /** CRM company id, or empty when only the BOB side is known. */
  crmId: string;
  noSync: boolean;
  /** ISO times, or empty. */
  linkedAt: string;
  lastSyncAt: string;
}

/** The mapping table's key of an entry, as in `map` source refs and `MAP:` row keys. */
export const mappingId = (entry: Pick<MappingEntry, 'bobId' | 'crmId'>): string => `${entry.bobId}|${entry.crmId}`;

/** Stored settings of a personal field (from an earlier import), if any. */
export interface PersonalFieldSetting {
  /** BOB column, upper case. */
  column: string;
  crmField: string;
  selected: boolean;
  condition: ConditionOperator | '';
  value: string;
}

/** The operators of a personal-field condition, in the order the workbook offers them. */
export const CONDITION_OPERATORS = ['=', '≠', 'contains', 'starts with', 'empty', 'not empty', '<', '>'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** A personal field named in the configuration. */
export interface PersonalFieldConfig {
  column: string;
  label: string;
}

/** What a BOB column can hold, as the database declares it (learnt when the schema is checked). */
export interface BobColumn {
  /** Longest text in characters; null: no limit known. */
  maxLength: number | null;
  /** Which characters it keeps: all (`unicode`), those of code page 1252, or only ASCII; null: not text. */
  charset: 'unicode' | 'cp1252' | 'ascii' | null;
}

export type BobCompanyField = Exclude<keyof BobThirdParty, 'personal'>;
export type BobContactField = keyof BobContact;

/** BOB's columns by engine field: what a value written to BOB must fit. A field left out has no known limit. */
export interface BobColumns {
  company: Partial<Record<BobCompanyField, BobColumn>>;
  contact: Partial<Record<BobContactField, BobColumn>>;
  /** Personal-field columns by upper-case name. */
  personal: Record<string, BobColumn>;
}

/** Everything the engine needs to build a proposal. Adapters fill it; the engine never reads I/O. */
export interface AnalysisInput {
  bob: { thirdParties: BobThirdParty[]; contacts: BobContact[] };
  crm: { companies: CrmCompany[]; persons: CrmPerson[]; fields: CrmField[] };
  mapping: MappingEntry[];
  personalFields: PersonalFieldConfig[];
  personalFieldSettings: PersonalFieldSetting[];
  /** BOB's column widths and code pages; without them nothing is shortened (only forms are mapped). */
  bobColumns?: BobColumns;
}

// ---------------------------------------------------------------------------------------------
// Proposal: what the engine proposes
// ---------------------------------------------------------------------------------------------

export type B2CAction = 'create-crm' | 'update-crm' | 'link' | 'choose';
export type C2BAction = 'create-bob';

/**
 * Why a VAT number is invalid: its check digits are wrong, it has the wrong number of characters, its
 * characters or structure are wrong, or its prefix is not an EU VAT prefix (a member state's, or XI).
 */
export type VatReason = 'checksum' | 'length' | 'format' | 'unknown-prefix';

/** A source record a proposal row relies on, with the fingerprint it had when the row was built. */
export interface SourceRef {
  kind: 'bob' | 'crm' | 'map';
  /** BOB code, CRM company id, or for `map` the mapping key `<bobId>|<crmId>`. */
  id: string;
  /** Hex hash of the record's canonical content (including its contacts/persons/address). */
  fingerprint: string;
}

/** One changed field on `Update CRM`: BOB's value replaces the CRM's. */
export interface FieldChange {
  /** Engine field key, e.g. `name`, `postcode`, `phone`, `person:+`. */
  field: string;
  from: string;
  to: string;
}

/** A CRM company a BOB customer might be linked to. */
export interface Candidate {
  crmId: string;
  name: string;
  vat: string;
  postcode: string;
  /** Why it is a candidate (`bobid`: its `comp_bobid` names this BOB customer). */
  reason: 'vat' | 'name' | 'bobid';
}

export interface B2CRow {
  key: string; // `B2C:<BOB id>`
  action: B2CAction;
  bobId: string;
  /** The linked or matched CRM id; empty for create and choose. */
  crmId: string;
  name: string;
  /** Normalised VAT (`BE0403019261`), or the raw value when invalid, or empty. */
  vat: string;
  /** Set when the BOB VAT number is present but invalid (reported, never matched). */
  vatProblem: string;
  /** What is wrong with the BOB VAT number, set with `vatProblem` (absent in rows registered before it existed). */
  vatReason?: VatReason;
  postcode: string;
  city: string;
  contacts: number;
  /** How the pair was matched: `mapping`, `vat`, `bobid` (the CRM's `comp_bobid`, no mapping entry yet), or empty. */
  matchedBy: '' | 'mapping' | 'vat' | 'bobid';
  changes: FieldChange[];
  /** For `choose` (VAT candidates) and possible name matches on `create-crm`. */
  candidates: Candidate[];
  /** On a `choose` row: the other BOB customers with the same VAT number (absent when none). */
  sharedVatWith?: string[];
  sources: SourceRef[];
}

export type FitKind = 'continued' | 'shortened' | 'characters' | 'country-code' | 'country-unknown';

/** One value BOB receives other than the CRM has it (see fit-bob.ts). */
export interface FitNote {
  /** Engine field (`name`, `address1`, `country`, `email`…), `pf:<COLUMN>` for a personal field, or a contact's field with `person` set. */
  field: string;
  /** For a contact person's field: the person's name as in the CRM. */
  person?: string;
  kind: FitKind;
  /** The CRM's value (for `continued`: the whole value). */
  from: string;
  /** What BOB receives (for `continued`: what goes on the next line, `into`). */
  to: string;
  /** `shortened`: the column's width in characters. */
  width?: number;
  /** `continued`: the field the value continues on (`name2`, `address2`). */
  into?: string;
}

export interface C2BRow {
  key: string; // `C2B:<CRM id>`
  action: C2BAction;
  crmId: string;
  name: string;
  vat: string;
  postcode: string;
  city: string;
  persons: number;
  /** Proposed BOB code: unique, valid, derived from the name. */
  newBobId: string;
  /** Set when the CRM's VAT number fails its check: proposed with Not this time set, never matched. */
  vatProblem?: string;
  vatReason?: VatReason;
  /**
   * What BOB will receive other than the CRM has it: values fitted to BOB's columns (absent in rows
   * registered before fitting existed).
   */
  fit?: FitNote[];
  sources: SourceRef[];
}

export interface PersonalFieldRow {
  key: string; // `PF:<column>`
  column: string;
  label: string;
  /** Matched CRM field name, or empty. */
  crmField: string;
  crmCaption: string;
  selected: boolean;
  condition: ConditionOperator | '';
  value: string;
  /**
   * With a condition: how many BOB to CRM and CRM to BOB rows of this proposal it leaves out of the
   * run (a condition limits the whole run to the customers that satisfy it).
   */
  leavesOut?: number;
}

export interface MappingRow {
  key: string; // `MAP:<bobId>|<crmId>`
  bobId: string;
  crmId: string;
  name: string;
  noSync: boolean;
  linkedAt: string;
  lastSyncAt: string;
  sources: SourceRef[];
}

export type ExclusionReason =
  | 'supplier'
  | 'no-sync'
  | 'bobsync-unticked'
  | 'not-customer'
  | 'no-vat'
  | 'invalid-vat'
  | 'matches-bob-supplier'
  | 'matches-no-sync'
  | 'duplicate-of-linked'
  | 'candidate-of-choice'
  | 'in-sync'
  /** CRM company that would qualify for Create in BOB, but a lower CRM id with the same VAT number is proposed. */
  | 'duplicate-in-crm';

export interface ExcludedRow {
  key: string; // `EXC:B:<BOB id>` or `EXC:C:<CRM id>`
  side: 'bob' | 'crm';
  id: string;
  name: string;
  vat: string;
  reason: ExclusionReason;
  /** Free text detail, e.g. the type (`Prospect`) or the other party's id. */
  detail: string;
  /** On `invalid-vat`: what is wrong with the number (`detail` holds the English sentence). */
  vatReason?: VatReason;
}

export interface Proposal {
  bobToCrm: B2CRow[];
  crmToBob: C2BRow[];
  personalFields: PersonalFieldRow[];
  mapping: MappingRow[];
  excluded: ExcludedRow[];
}

/** The sheets of a proposal, as the workbook's data sheets are keyed. */
export type DataSheetKey = keyof Proposal;

/** A row of any sheet of the proposal (the payload registered with it). */
export type EngineRow = Proposal[keyof Proposal][number];
