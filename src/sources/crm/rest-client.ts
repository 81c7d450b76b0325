/**
 * The Sage CRM REST client (sagecrm2, SData 2.0 style; DESIGN §5). It talks to a real Sage CRM or
 * to the simulator in `src/crm-sim` over HTTP with the global `fetch`: Basic auth, JSON, feeds paged
 * with a 1-based `startIndex` and `count`, `where` filters, bounded concurrency (p-limit), a timeout
 * per attempt and retries with back-off on 429, 5xx and network errors.
 *
 * A create (POST) is not idempotent: when its answer is lost the company may exist, so it is only
 * retried when the server answered 429/503 (nothing written) or the connection was never made; any
 * other failure surfaces as a `transient` CrmRequestError with `retryable: false`, and the apply
 * step looks the company up by `comp_bobid` before trying again.
 */
import pLimit from 'p-limit';
import { BobsyncError, type ErrorCode } from '../../errors.js';
import { IDENTIFIER_PATTERN, type CrmSchema } from '../../config/types.js';
import type { CrmAddress, CrmCompany, CrmField, CrmPerson } from '../../engine/model.js';
import type { AddressWrite, CompanyWrite, CrmPort, PersonWrite } from './crm-port.js';
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
import { readDiagnosis } from './sdata-diagnosis.js';
import { whereIn } from './sdata-where.js';
import { defaultRetryPolicy, parseRetryAfter, withRetry, type RetryPolicy, type RetryVerdict } from './retry.js';

/** What `onRequest` hears after every attempt. Never carries headers or credentials. */
export interface CrmRequestInfo {
  method: string;
  /** Full request URL (no credentials). */
  url: string;
  /** 0 for the first try, 1 for the first retry, … */
  attempt: number;
  /** HTTP status, absent when no answer came. */
  status?: number;
  /** Why no answer came (timeout, connection refused, …). */
  error?: string;
  durationMs: number;
}

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

/** A failed CRM request. `retryable: false` means: do not repeat it blindly (a create may have happened). */
export class CrmRequestError extends BobsyncError {
  /** HTTP status of the last answer, when there was one. */
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; status?: number; retryable: boolean },
  ) {
    super(code, message, options);
    this.name = 'CrmRequestError';
    this.status = options.status;
    this.retryable = options.retryable;
  }
}

/** An error answer, kept until the retries are spent. */
class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`HTTP ${status}`);
  }
}

/** No answer. `reached`: the request may have reached the server (anything but a refused connection). */
class NetworkFailure extends Error {
  constructor(
    readonly reason: string,
    readonly reached: boolean,
    cause: unknown,
  ) {
    super(reason, { cause });
  }
}

interface FeedPage {
  entries: Record<string, unknown>[];
  total: number | undefined;
}

/** Codes of connection errors that prove the request never left: safe to retry even a create. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

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
  const base = baseUrl(options.url);
  const updateMethod = options.updateMethod ?? 'PATCH';
  const policy = defaultRetryPolicy({ ...options.retry, retries });
  const limit = pLimit(concurrency);
  const credentials = Buffer.from(`${options.user}:${options.password}`, 'utf8').toString('base64');
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.user !== '') headers.Authorization = `Basic ${credentials}`;

  /** Secrets out of any text that reaches a message (an error page might echo them). */
  const redact = (text: string): string => {
    let out = text.replaceAll(credentials, '***');
    if (options.password.length >= 3) out = out.replaceAll(options.password, '***');
    return out;
  };

  const report = (info: CrmRequestInfo): void => options.onRequest?.(info);

  async function attemptOnce(method: string, url: string, body: string | undefined, attempt: number): Promise<unknown> {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const failure = networkFailure(error, timeoutMs);
      report({ method, url, attempt, error: failure.reason, durationMs: elapsed() });
      throw failure;
    }
    report({ method, url, attempt, status: response.status, durationMs: elapsed() });
    if (!response.ok) throw new HttpFailure(response.status, text, parseRetryAfter(response.headers.get('retry-after')));
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new CrmRequestError('unavailable', `Sage CRM at ${base} answered ${method} ${resourcePath(url, base)} with something that is not JSON`, {
        hint: 'check that the CRM url points at the REST API (it ends in /sdata/<install>j/sagecrm2/-/)',
        cause: error,
        status: response.status,
        retryable: false,
      });
    }
  }

  function classify(method: string, error: unknown): RetryVerdict {
    if (error instanceof HttpFailure) {
      // 429 and 503 mean "not now": nothing was done, so even a create may be repeated.
      if (error.status === 429 || error.status === 503) return { retry: true, retryAfterMs: error.retryAfterMs };
      if (error.status >= 500) return { retry: method !== 'POST', retryAfterMs: error.retryAfterMs };
      return { retry: false };
    }
    if (error instanceof NetworkFailure) return { retry: method !== 'POST' || !error.reached };
    return { retry: false };
  }

  function finalError(method: string, path: string, error: unknown): Error {
    if (error instanceof BobsyncError) return error;
    // The resource without the query: a where clause of a hundred ids would drown the message.
    const target = `${method} ${path.split('?')[0]}`;
    if (error instanceof HttpFailure) {
      const diagnosis = readDiagnosis(error.body);
      const detail = redact(diagnosis.message === '' ? `HTTP ${error.status}` : `HTTP ${error.status}: ${diagnosis.message}`);
      const status = error.status;
      if (status === 401 || status === 403) {
        const hint =
          options.userEnv !== undefined && options.passwordEnv !== undefined
            ? `check the ${options.userEnv} / ${options.passwordEnv} environment variables`
            : 'check the CRM user name and password';
        return new CrmRequestError('unavailable', `Sage CRM refused the credentials of user "${options.user}" at ${base} (${detail})`, {
          hint,
          status,
          retryable: false,
        });
      }
      if (status === 429 || status >= 500) {
        if (method === 'POST' && status !== 429 && status !== 503) {
          return new CrmRequestError('transient', `Sage CRM at ${base} failed on ${target} (${detail}); the record may have been created`, {
            hint: 'run the import again later: it looks the record up before creating it again',
            status,
            retryable: false,
          });
        }
        return new CrmRequestError('transient', `Sage CRM at ${base} kept answering ${target} with ${detail} after ${policy.retries + 1} attempt${policy.retries === 0 ? '' : 's'}`, {
          hint: 'try again later',
          status,
          retryable: true,
        });
      }
      const isRead = method === 'GET';
      return new CrmRequestError(isRead ? 'config' : 'unavailable', `Sage CRM at ${base} rejected ${target} (${detail})`, {
        hint:
          status === 404
            ? 'check the CRM url (it ends in /sdata/<install>j/sagecrm2/-/) and that the record exists'
            : isRead
              ? 'check the CRM field names in the configuration (crmSchema)'
              : 'check the values sent and the rights of the CRM user',
        status,
        retryable: false,
      });
    }
    if (error instanceof NetworkFailure) {
      if (method === 'POST' && error.reached) {
        return new CrmRequestError('transient', `The answer of Sage CRM at ${base} to ${target} was lost (${error.reason}); the record may have been created`, {
          hint: 'run the import again: it looks the record up before creating it again',
          cause: error.cause,
          retryable: false,
        });
      }
      return new CrmRequestError('unavailable', `Sage CRM at ${base} cannot be reached (${error.reason})`, {
        hint: 'check the CRM url, the network, and that the server is running',
        cause: error.cause,
        retryable: true,
      });
    }
    return new BobsyncError('internal', `Unexpected failure of ${target} at ${base}`, { cause: error });
  }

  /** One request with retries, inside the concurrency limit; resolves to the parsed JSON body. */
  function request(method: string, path: string, payload?: WriteDto): Promise<unknown> {
    const url = base + path;
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    return limit(() =>
      withRetry((attempt) => attemptOnce(method, url, body, attempt), (error) => classify(method, error), policy).catch((error: unknown) => {
        throw finalError(method, path, error);
      }),
    );
  }

  async function fetchPage(resource: string, where: string, startIndex: number, count: number): Promise<FeedPage> {
    let path = `${resource}?startIndex=${startIndex}&count=${count}`;
    if (where !== '') path += `&where=${encodeURIComponent(where)}`;
    const body = await request('GET', path);
    const feed = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const resources = feed.$resources;
    if (!Array.isArray(resources)) {
      throw new CrmRequestError('unavailable', `Sage CRM at ${base} answered GET ${resource} without a feed ($resources)`, {
        hint: 'check that the CRM url points at the REST API (it ends in /sdata/<install>j/sagecrm2/-/)',
        retryable: false,
      });
    }
    const total = Number(feed.$totalResults);
    return { entries: resources.map(lowerCaseKeys), total: Number.isFinite(total) ? total : undefined };
  }

  /**
   * Every entry of a feed, page by page and in order. After the first page (which tells the total
   * and how many the server gives per page) the other pages are read in parallel through the
   * limiter, a bounded window ahead, and yielded in order. A short page leaves a gap that is read
   * before going on; an empty page ends the feed.
   */
  async function* readFeed(resource: string, where: string): AsyncGenerator<Record<string, unknown>[]> {
    const first = await fetchPage(resource, where, 1, pageSize);
    if (first.entries.length === 0) return;
    yield first.entries;
    const step = first.entries.length;
    let next = 1 + step;
    const total = first.total;
    if (total !== undefined) {
      const starts: number[] = [];
      for (let start = next; start <= total; start += step) starts.push(start);
      const window: { start: number; page: Promise<FeedPage> }[] = [];
      let scheduled = 0;
      const fill = (): void => {
        while (window.length < concurrency * 2 && scheduled < starts.length) {
          const start = starts[scheduled++]!;
          const page = fetchPage(resource, where, start, step);
          page.catch(() => undefined); // awaited below in order; avoids an unhandled rejection meanwhile
          window.push({ start, page });
        }
      };
      fill();
      while (window.length > 0) {
        const { start, page } = window.shift()!;
        fill();
        while (next < start) {
          const gap = await fetchPage(resource, where, next, start - next);
          if (gap.entries.length === 0) break;
          yield gap.entries;
          next += gap.entries.length;
        }
        const { entries } = await page;
        if (entries.length === 0) return;
        yield entries;
        next = start + entries.length;
      }
    }
    // Without a total, or when the last planned pages came back short: read on until an empty page.
    while (total === undefined || next <= total) {
      const page = await fetchPage(resource, where, next, pageSize);
      if (page.entries.length === 0) return;
      yield page.entries;
      next += page.entries.length;
    }
  }

  async function readAll(resource: string, where: string): Promise<Record<string, unknown>[]> {
    const all: Record<string, unknown>[] = [];
    for await (const page of readFeed(resource, where)) all.push(...page);
    return all;
  }

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

/** The part of a request URL after the base, without the query (`Company`, `Company('43')`). */
function resourcePath(url: string, base: string): string {
  return decodeURIComponent(url.slice(base.length).split('?')[0] ?? '');
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

/** The base URL with a final slash and without any user:password in it. */
function baseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid:');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new BobsyncError('config', 'Expected the CRM url to be an http(s) URL ending in /sdata/<install>j/sagecrm2/-/', {
      hint: 'fix crm.url in the configuration',
    });
  }
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return parsed.toString();
}

/** A fetch failure as a NetworkFailure with a readable reason. */
function networkFailure(error: unknown, timeoutMs: number): NetworkFailure {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new NetworkFailure(`no answer within ${timeoutMs} ms`, true, error);
  }
  const code = errorCode(error);
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host name lookup failed',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
  };
  const reason = code === '' ? (error instanceof Error ? error.message : String(error)) : (reasons[code] ?? code);
  return new NetworkFailure(reason, !NOT_SENT_CODES.has(code), error);
}

/** The system error code behind a fetch failure (`ECONNREFUSED`, …), looking through causes. */
function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const record = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof record.code === 'string' && record.code !== '') return record.code;
    if (Array.isArray(record.errors) && record.errors.length > 0) current = record.errors[0];
    else current = record.cause;
  }
  return '';
}
