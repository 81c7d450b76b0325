/**
 * The plan and what it is built from (DESIGN §3, §7): the registered proposal rows, the records read
 * again just before applying, and the operations to run. The contract between the plan's builder
 * (`build-plan.ts`) and the apply stage (`src/apply`); types only.
 */
import type { Decisions } from './decisions.js';
import type {
  BobColumns,
  BobContact,
  BobThirdParty,
  CrmAddress,
  CrmCompany,
  CrmPerson,
  DataSheetKey,
  EngineRow,
  FieldChange,
  MappingEntry,
  PersonalFieldConfig,
  PersonalFieldSetting,
  SourceRef,
} from './model.js';

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/** A registered proposal row: its key, sheet, the engine row as proposed and its source fingerprints. */
export interface PlanRow {
  key: string;
  /** `excluded` rows are ignored. */
  sheet: DataSheetKey;
  payload: EngineRow;
  sources: SourceRef[];
}

export interface BobRecord {
  party: BobThirdParty;
  contacts: BobContact[];
}

export interface CrmRecord {
  company: CrmCompany;
  persons: CrmPerson[];
}

/** The records read again for the rows concerned (see `recordsToRead`), and the whole mapping table. */
export interface FreshRecords {
  /** By BOB code (upper case). */
  bob: Map<string, BobRecord>;
  /** By CRM company id. */
  crm: Map<string, CrmRecord>;
  mapping: MappingEntry[];
}

export interface PlanInput {
  proposalRows: PlanRow[];
  decisions: Decisions;
  fresh: FreshRecords;
  /** Personal fields named in the configuration now; a proposed one no longer configured is stale. */
  personalFields: PersonalFieldConfig[];
  /** `comp_type` given to companies created in the CRM. Default `Customer`. */
  customerType?: string;
  /**
   * Rows with journal entries from an earlier run of this proposal. They were checked when that run
   * started and are finished now: their own writes changed their fingerprints, so they are not judged
   * stale again, and the condition is not evaluated again.
   */
  resumedRows?: ReadonlySet<string>;
  /** ISO time written in the mapping table. */
  now: string;
  /** BOB's columns, as the schema check found them: new BOB customers are fitted to them. */
  bobColumns?: BobColumns;
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

// What operations write, in engine field names: derived from the snapshot types, as the CRM
// port's `CompanyWrite`, `AddressWrite` and `PersonWrite` are; only the keys present are written.
/** Values written on a CRM company (its status is never written). */
export type CrmCompanyValues = Partial<Omit<CrmCompany, 'id' | 'status' | 'address'>>;
export type CrmAddressValues = Partial<Omit<CrmAddress, 'id'>>;
export type CrmPersonValues = Partial<Omit<CrmPerson, 'id' | 'companyId'>>;

interface OperationBase {
  /** `<row key>#<step>`: stable for a proposal, so a rerun recognises what an earlier run did. */
  opId: string;
  rowKey: string;
  /** Operations of the same row that must have been applied first. */
  dependsOn: string[];
}

/** Creates a company with its address and persons; `company.bobId` is set so a lost answer can be found again. */
export interface CrmCreateCompanyOp extends OperationBase {
  kind: 'crm-create-company';
  bobId: string;
  company: CrmCompanyValues;
  address: CrmAddressValues | null;
  persons: CrmPersonValues[];
}

/** Writes BOB's changed values on a linked company, its address, and the persons the CRM lacks. */
export interface CrmUpdateCompanyOp extends OperationBase {
  kind: 'crm-update-company';
  crmId: string;
  bobId: string;
  /** Changed fields only, plus `bobId` when the CRM does not carry it yet. */
  company: CrmCompanyValues;
  /** `id` empty: the company has no address yet and one is created. */
  address: { id: string; values: CrmAddressValues } | null;
  persons: CrmPersonValues[];
  /** The changes as the engine describes them (for the report). */
  changes: FieldChange[];
}

/** Stores the BOB code in `comp_bobid`; `crmId` empty means: the id another operation of the row produced. */
export interface CrmSetBobIdOp extends OperationBase {
  kind: 'crm-set-bobid';
  crmId: string;
  bobId: string;
}

/** Inserts a customer and its contact persons in BOB, in one transaction. */
export interface BobInsertCustomerOp extends OperationBase {
  kind: 'bob-insert-customer';
  party: BobThirdParty;
  contacts: BobContact[];
}

/** Records a link; `entry.crmId` empty and `crmIdFrom` set: the CRM id comes from that create operation. */
export interface MapLinkOp extends OperationBase {
  kind: 'map-link';
  entry: MappingEntry;
  crmIdFrom?: string;
}

export interface MapNoSyncOp extends OperationBase {
  kind: 'map-nosync';
  entry: MappingEntry;
}

/** Unticks No sync: the entry stays (flag cleared) when it links both sides, else it is deleted. */
export interface MapClearNoSyncOp extends OperationBase {
  kind: 'map-clear-nosync';
  entry: MappingEntry;
  remove: boolean;
}

export interface PfSaveOp extends OperationBase {
  kind: 'pf-save';
  setting: PersonalFieldSetting;
}

export type Operation =
  | CrmCreateCompanyOp
  | CrmUpdateCompanyOp
  | CrmSetBobIdOp
  | BobInsertCustomerOp
  | MapLinkOp
  | MapNoSyncOp
  | MapClearNoSyncOp
  | PfSaveOp;

export type OperationKind = Operation['kind'];

export type SkipReason =
  | 'no sync'
  | 'not this time'
  | 'stale'
  | 'needs a choice'
  | 'deleted'
  | 'unchanged'
  | `condition ${string}`;

export interface SkippedRow {
  rowKey: string;
  sheet: DataSheetKey;
  reason: SkipReason;
  /** Why, in a sentence (for stale rows: which record changed). */
  detail: string;
}

export interface MappingChange {
  rowKey: string;
  change: 'link' | 'no sync' | 'clear no sync' | 'remove';
  bobId: string;
  /** Empty for a link to a company still to be created. */
  crmId: string;
}

export interface Plan {
  operations: Operation[];
  /**
   * Rows not applied, and why. A No sync row is listed here and still has its `map-nosync`
   * operation: the flag is stored, the third party is not synchronised.
   */
  skipped: SkippedRow[];
  mappingChanges: MappingChange[];
  /** Personal field settings to save. */
  settings: PersonalFieldSetting[];
}
