/**
 * The Sage CRM REST client (sagecrm2, SData 2.0 style; DESIGN §5): a `CrmPort` over a real Sage
 * CRM or the simulator in `src/crm-sim`, reached over HTTP with the global `fetch`. The transport
 * (auth, timeouts, retries, concurrency, errors) is in `sdata-transport.ts`, the paging of feeds in
 * `sdata-feed.ts`; this file maps the resources to engine types.
 */
import { IDENTIFIER_PATTERN, type CrmSchema } from '../../config/types.js';
import type { CrmAddress, CrmCompany, CrmField, CrmPerson } from '../../engine/model.js';
import { BobsyncError } from '../../errors.js';
import {
  addressCompanyId,
  addressFromDto,
  addressToDto,
  companyFromDto,
  companyToDto,
  entryId,
  lowerCaseKeys,
  personFromDto,
  personToDto,
  type WriteDto,
} from './crm-dto.js';
import type { AddressWrite, CompanyWrite, CrmPort, PersonWrite } from './crm-port.js';
import type { RetryPolicy } from './retry.js';
import { sdataFeeds } from './sdata-feed.js';
import { createSdataTransport, CrmRequestError, type CrmRequestInfo } from './sdata-transport.js';
import { whereIn } from './sdata-where.js';

export interface RestClientOptions {
  /** Base URL ending in `/sagecrm2/-/` (a missing final slash is added). */
  url: string;
  user: string;
  password: string;
  schema: CrmSchema;
  /** Requests in flight at most; default 8. */
  concurrency?: number;
  /** Per attempt, in milliseconds; default 30 000. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 4. */
  retries?: number;
  /** `count` asked per feed page; default 500. */
  pageSize?: number;
  /** Verb of updates; default PATCH (Sage's own client uses PUT; both send only changed fields). */
  updateMethod?: 'PATCH' | 'PUT';
  /** Names of the environment variables holding the credentials, for messages. */
  userEnv?: string;
  passwordEnv?: string;
  /** Back-off tuning (tests use tiny delays or a recording `sleep`). */
  retry?: Partial<Omit<RetryPolicy, 'retries'>>;
  onRequest?: (info: CrmRequestInfo) => void;
}

/** A CrmPort over the Sage CRM REST API (or the simulator). */
export function createRestClient(options: RestClientOptions): CrmPort {
  const concurrency = positiveInteger(options.concurrency ?? 8, 'concurrency');
  const timeoutMs = positiveInteger(options.timeoutMs ?? 30_000, 'timeoutMs');
  const pageSize = positiveInteger(options.pageSize ?? 500, 'pageSize');
  const retries = options.retries ?? 4;
  if (!Number.isInteger(retries) || retries < 0) {
    throw new BobsyncError('config', `Expected the CRM \`retries\` to be an integer from 0 up, got ${retries}`);
  }
  const schema = options.schema;
  checkSchema(schema);
  const transport = createSdataTransport({
    url: options.url,
    user: options.user,
    password: options.password,
    concurrency,
    timeoutMs,
    retries,
    userEnv: options.userEnv,
    passwordEnv: options.passwordEnv,
    retry: options.retry,
    onRequest: options.onRequest,
  });
  const { base, request } = transport;
  const { readFeed, readAll } = sdataFeeds(transport, { pageSize, concurrency });
  const updateMethod = options.updateMethod ?? 'PATCH';

  let fieldsPromise: Promise<CrmField[]> | undefined;
  function companyFields(): Promise<CrmField[]> {
    fieldsPromise ??= readCompanyFields().catch((error: unknown) => {
      fieldsPromise = undefined; // a later call may succeed
      throw error;
    });
    return fieldsPromise;
  }

  async function readCompanyFields(): Promise<CrmField[]> {
    const body = await request('GET', '$prototypes/Company');
    return customFieldsOf(body, schema);
  }

  async function customFieldNames(): Promise<string[]> {
    return (await companyFields()).map((f) => f.name);
  }

  /** First address per company id among these Address entries. */
  function foldAddresses(dtos: Record<string, unknown>[], into: Map<string, CrmAddress>): void {
    for (const dto of dtos) {
      const companyId = addressCompanyId(dto, schema);
      if (companyId !== '' && !into.has(companyId)) into.set(companyId, addressFromDto(dto, schema));
    }
  }

  /** The companies matching each clause, with their addresses. */
  async function companiesWhere(clauses: string[]): Promise<CrmCompany[]> {
    if (clauses.length === 0) return [];
    const custom = await customFieldNames();
    const parts = await Promise.all(
      clauses.map(async (clause) => {
        const dtos = await readAll('Company', clause);
        const ids = dtos.map((dto) => entryId(dto, schema.company.id)).filter((id) => id !== '');
        const addresses = new Map<string, CrmAddress>();
        const addressDtos = await Promise.all(whereIn(schema.address.companyId, ids).map((w) => readAll('Address', w)));
        for (const list of addressDtos) foldAddresses(list, addresses);
        return dtos.map((dto) => companyFromDto(dto, schema, custom, addresses.get(entryId(dto, schema.company.id)) ?? null));
      }),
    );
    return parts.flat();
  }

  async function create(resource: string, payload: WriteDto, keyField: string): Promise<string> {
    const body = await request('POST', resource, payload);
    const id = entryId(lowerCaseKeys(body), keyField);
    if (id === '') {
      throw new CrmRequestError('unavailable', `Sage CRM at ${base} created a ${resource} but did not say its id`, {
        hint: `look for the new ${resource} in the CRM before running the import again`,
        retryable: false,
      });
    }
    return id;
  }

  async function update(resource: string, id: string, payload: WriteDto): Promise<void> {
    if (Object.keys(payload).length === 0) return;
    await request(updateMethod, entryPath(resource, id), payload);
  }

  return {
    description: base,

    async *companies(): AsyncIterable<CrmCompany[]> {
      const custom = await customFieldNames();
      const addresses = new Map<string, CrmAddress>();
      for await (const page of readFeed('Address', '')) foldAddresses(page, addresses);
      for await (const page of readFeed('Company', '')) {
        yield page.map((dto) => companyFromDto(dto, schema, custom, addresses.get(entryId(dto, schema.company.id)) ?? null));
      }
    },

    async *persons(): AsyncIterable<CrmPerson[]> {
      for await (const page of readFeed('Person', '')) yield page.map((dto) => personFromDto(dto, schema));
    },

    companyFields,

    getCompanies: (ids) => companiesWhere(whereIn(schema.company.id, ids)),

    async getPersons(companyIds: string[]): Promise<CrmPerson[]> {
      const lists = await Promise.all(whereIn(schema.person.companyId, companyIds).map((w) => readAll('Person', w)));
      return lists.flat().map((dto) => personFromDto(dto, schema));
    },

    findCompaniesByBobId: (bobIds) => companiesWhere(whereIn(schema.company.bobId, bobIds)),

    createCompany: (values: CompanyWrite) => create('Company', companyToDto(values, schema), schema.company.id),

    updateCompany: (id: string, values: CompanyWrite) => update('Company', id, companyToDto(values, schema)),

    createAddress: (companyId: string, values: AddressWrite) =>
      create('Address', { ...addressToDto(values, schema), [schema.address.companyId]: companyId }, schema.address.id),

    updateAddress: (id: string, values: AddressWrite) => update('Address', id, addressToDto(values, schema)),

    createPerson: (companyId: string, values: PersonWrite) =>
      create('Person', { ...personToDto(values, schema), [schema.person.companyId]: companyId }, schema.person.id),

    async close(): Promise<void> {
      // Nothing to release: the global fetch owns its connection pool.
    },
  };
}

/**
 * The custom fields of a `$prototypes/Company` answer: entries flagged custom, minus the fields the
 * tool manages itself (BobSync, VAT number, BOB id) and the standard ones of the schema.
 */
export function customFieldsOf(prototype: unknown, schema: CrmSchema): CrmField[] {
  const record = prototype !== null && typeof prototype === 'object' ? (prototype as Record<string, unknown>) : {};
  const list = Array.isArray(record.$resources) ? record.$resources : Array.isArray(record.fields) ? record.fields : [];
  const known = new Set(Object.values(schema.company).map((name) => name.toLowerCase()));
  const fields: CrmField[] = [];
  for (const item of list) {
    const entry = lowerCaseKeys(item);
    const name = String(entry.name ?? entry.$name ?? '').trim().toLowerCase();
    const custom = entry.custom === true || ['y', 'true'].includes(String(entry.custom ?? '').toLowerCase());
    if (name === '' || !custom || known.has(name)) continue;
    const caption = typeof entry.caption === 'string' && entry.caption.trim() !== '' ? entry.caption.trim() : name;
    const type = typeof entry.type === 'string' && entry.type.trim() !== '' ? entry.type.trim() : 'string';
    fields.push({ name, caption, type });
  }
  return fields;
}

function entryPath(resource: string, id: string): string {
  return `${resource}('${encodeURIComponent(id.replaceAll("'", "''"))}')`;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new BobsyncError('config', `Expected the CRM \`${name}\` to be an integer from 1 up, got ${value}`);
  }
  return value;
}

function checkSchema(schema: CrmSchema): void {
  const names = [...Object.values(schema.company), ...Object.values(schema.person), ...Object.values(schema.address)];
  for (const name of names) {
    if (!IDENTIFIER_PATTERN.test(name)) {
      throw new BobsyncError('config', `Expected the CRM field name "${name}" to be a plain identifier (letters, digits, _)`, {
        hint: 'fix crmSchema in the configuration',
      });
    }
  }
}
