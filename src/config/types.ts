/**
 * The validated configuration (`bobsync.config.json`). Loading, defaults and ajv validation live in
 * `load-config.ts`; everything else receives this resolved shape (paths absolute, defaults filled,
 * secrets resolved from the environment but never printed).
 */
import type { PersonalFieldConfig } from '../engine/model.js';

export type Lang = 'nl' | 'fr' | 'en';

/** `value` when it names a language, else undefined. */
export function asLang(value: string | undefined): Lang | undefined {
  return value === 'nl' || value === 'fr' || value === 'en' ? value : undefined;
}

export interface BobSqliteConfig {
  driver: 'sqlite';
  /** Absolute path. */
  file: string;
}

export interface BobMssqlConfig {
  driver: 'mssql';
  server: string;
  port: number;
  database: string;
  user: string;
  /** Name of the environment variable holding the password. */
  passwordEnv: string;
  encrypt: boolean;
  trustServerCertificate: boolean;
  /** `sql`: a SQL Server login (default); `ntlm`: a Windows account `domain\\user` (NTLM). */
  authentication?: 'sql' | 'ntlm';
  /** The Windows domain of `user`, with `authentication: "ntlm"`. */
  domain?: string;
}

/** Table and column names of the BOB schema (DESIGN §5). All checked against IDENTIFIER_PATTERN. */
export interface BobSchema {
  /** The database schema of BOB's tables on SQL Server (`dbo`); ignored by SQLite. */
  schema?: string;
  companyTable: string; // AC_COMPAN
  contactTable: string; // AC_CONTACT
  /** Engine field → column. */
  company: {
    id: string; isCustomer: string; isSupplier: string; name: string; name2: string;
    address1: string; address2: string; postcode: string; locality: string; country: string;
    language: string; vatRef: string; vatNo: string; phone: string; fax: string; email: string;
    website: string; isPerson: string; modifiedOn: string;
  };
  contact: {
    id: string; companyId: string; lastName: string; firstName: string; title: string;
    phone: string; mobile: string; email: string; language: string;
  };
}

export interface CrmSimConfig {
  driver: 'sim';
  /** Absolute path of the simulator's SQLite file. */
  file: string;
}

export interface CrmRestConfig {
  driver: 'rest';
  /** Base URL ending in `/sagecrm2/-/`. */
  url: string;
  userEnv: string;
  passwordEnv: string;
  concurrency: number;
  /** Request timeout in milliseconds. */
  timeoutMs: number;
  /** Retries after the first attempt on 429/5xx/network errors. */
  retries: number;
  pageSize: number;
}

/** CRM field names (DESIGN §5), all overridable. */
export interface CrmSchema {
  company: {
    id: string; name: string; type: string; status: string; website: string; email: string;
    phone: string; bobSync: string; vat: string; bobId: string;
  };
  person: {
    id: string; companyId: string; firstName: string; lastName: string; title: string; email: string; phone: string;
  };
  address: {
    id: string; companyId: string; address1: string; address2: string; postcode: string; city: string; country: string;
  };
  /** Value of `comp_type` for customers. */
  customerType: string;
}

export interface Config {
  /** Absolute path of the config file, or empty when built in code. */
  path: string;
  bob: BobSqliteConfig | BobMssqlConfig;
  bobSchema: BobSchema;
  crm: CrmSimConfig | CrmRestConfig;
  crmSchema: CrmSchema;
  /** State tables prefix, default `BSY_`. */
  statePrefix: string;
  /** The database schema of the state tables on SQL Server (default `dbo`, the same for every login); ignored by SQLite. */
  stateSchema?: string;
  personalFields: PersonalFieldConfig[];
  lang: Lang;
  csv: { delimiter: ';' | ',' | '\t' };
  /** Pattern of a valid BOB code (New BOB id), default `^[A-Z0-9_-]{1,10}$`. */
  bobIdPattern: string;
}

/** Every SQL identifier from configuration must match this. */
export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
