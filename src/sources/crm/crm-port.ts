/**
 * What the rest of the tool needs from Sage CRM. One implementation: `rest-client.ts`, which talks
 * to a real Sage CRM or to the simulator (`src/crm-sim`) over HTTP; there is no in-memory mock.
 * Wire shapes (`CompanyDto`, …) stay inside the client and are mapped to engine types there.
 */
import type { CrmAddress, CrmCompany, CrmField, CrmPerson } from '../../engine/model.js';

/** Values to write on a company; only the keys present are written. Engine field names. */
export type CompanyWrite = Partial<Omit<CrmCompany, 'id' | 'address'>>;
export type AddressWrite = Partial<Omit<CrmAddress, 'id'>>;
export type PersonWrite = Partial<Omit<CrmPerson, 'id' | 'companyId'>>;

export interface CrmPort {
  /** Every company, page by page (addresses folded in). */
  companies(): AsyncIterable<CrmCompany[]>;
  /** Every person, page by page. */
  persons(): AsyncIterable<CrmPerson[]>;
  /** Custom fields declared on Company (from `$prototypes/Company`). */
  companyFields(): Promise<CrmField[]>;
  /** The companies with these ids (missing ids are absent from the result), addresses folded in. */
  getCompanies(ids: string[]): Promise<CrmCompany[]>;
  /** Persons of these companies. */
  getPersons(companyIds: string[]): Promise<CrmPerson[]>;
  /** Companies whose `comp_bobid` equals one of these BOB codes (idempotent creates look here first). */
  findCompaniesByBobId(bobIds: string[]): Promise<CrmCompany[]>;
  createCompany(values: CompanyWrite): Promise<string>;
  updateCompany(id: string, values: CompanyWrite): Promise<void>;
  createAddress(companyId: string, values: AddressWrite): Promise<string>;
  updateAddress(id: string, values: AddressWrite): Promise<void>;
  createPerson(companyId: string, values: PersonWrite): Promise<string>;
  /** Base URL, for messages (never with credentials). */
  readonly description: string;
  close(): Promise<void>;
}
