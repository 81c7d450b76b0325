/** What the CRM reader thread (`crm-read-worker.ts`) sends back: plain data only, cloned between threads. */
import type { CrmCompany, CrmField, CrmPerson } from '../engine/model.js';
import type { ErrorCode } from '../errors.js';

/** The custom fields first, then pages of companies and persons, then the end (or an error). */
export type FromCrmReader =
  | { kind: 'fields'; fields: CrmField[] }
  | { kind: 'companies'; page: CrmCompany[] }
  | { kind: 'persons'; page: CrmPerson[] }
  | { kind: 'end'; description: string }
  | { kind: 'error'; code: ErrorCode; message: string; hint: string };
