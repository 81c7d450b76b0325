/**
 * A local Sage CRM REST simulator (DESIGN §5): the sagecrm2 subset bobsync uses, served over HTTP
 * from a SQLite file, with Basic auth and fault injection. The real REST client talks to it over
 * loopback; it is not a mock.
 *
 * Routes under `/sdata/crmj/sagecrm2/-/` (resource names in any case):
 *   GET   Company | Person | Address            feed: startIndex (1-based), count (≤ 1000), where, orderBy
 *   GET   Company(<where>)                      feed filtered by the selector, e.g. Company(comp_name eq 'X')
 *   POST  Company | Person | Address            create → 201 with the entry
 *   GET | PUT | PATCH  Company('43')            entry (PUT and PATCH both write only the fields sent)
 *   GET   $prototypes | $prototypes/Company     field lists
 * Errors are SData diagnoses: `{ "$diagnoses": [ { "$severity", "$sdataCode", "$message" } ] }`.
 *
 * Injected faults are answered before anything else happens, so a failed request has no effect.
 */
import http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { BobsyncError } from '../errors.js';
import { jsonBytes } from './json-bytes.js';
import { SimRequestError } from './sim-error.js';
import { openSimStore, SIM_RESOURCES, simEntity, type SimEntity, type SimRow, type SimStore } from './sim-store.js';

export const SIM_BASE_PATH = '/sdata/crmj/sagecrm2/-/';
/** Largest page the simulator serves, whatever `count` asks. */
export const SIM_MAX_COUNT = 1000;
const DEFAULT_COUNT = 100;
const MAX_BODY_BYTES = 1024 * 1024;

export interface SimulatorOptions {
  /** SQLite file; created when missing. */
  file: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Basic auth is required when both are set. */
  user?: string;
  password?: string;
  /** Delay before every answer. */
  latencyMs?: number;
  /** Fraction of requests answered 500 before doing anything. */
  errorRate?: number;
  /** Every request after the first N is answered 503 (the server keeps running). */
  failAfter?: number;
  /** Every Nth request is answered 429 with `Retry-After: 1`. */
  rateLimitEvery?: number;
  /** Source of `errorRate` draws (seed it in tests). */
  random?: () => number;
}

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:PORT/sdata/crmj/sagecrm2/-/`. */
  url: string;
  close(): Promise<void>;
  /** Requests received, and how many of them were answered with an injected fault. */
  stats(): { requests: number; failures: number };
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Starts the simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  checkOptions(options);
  const host = options.host ?? '127.0.0.1';
  const random = options.random ?? Math.random;
  const expectedAuth =
    options.user !== undefined && options.password !== undefined
      ? Buffer.from(`Basic ${Buffer.from(`${options.user}:${options.password}`, 'utf8').toString('base64')}`)
      : undefined;
  const store = openSimStore(options.file);
  let requests = 0;
  let failures = 0;
  let closed = false;
  let base = '';

  const fault = (number: number): Answer | undefined => {
    if (options.failAfter !== undefined && number > options.failAfter) {
      return diagnosis(503, 'ApplicationUnavailable', 'The simulated Sage CRM is unavailable (fail-after)', 'transient');
    }
    if (options.rateLimitEvery !== undefined && number % options.rateLimitEvery === 0) {
      return { ...diagnosis(429, 'ApplicationUnavailable', 'Too many requests', 'transient'), headers: { 'Retry-After': '1' } };
    }
    if (options.errorRate !== undefined && options.errorRate > 0 && random() < options.errorRate) {
      return diagnosis(500, 'ApplicationDiagnosis', 'Simulated server error', 'error');
    }
    return undefined;
  };

  const handle = async (request: http.IncomingMessage): Promise<Answer> => {
    const number = ++requests;
    if (options.latencyMs) await delay(options.latencyMs);
    const injected = fault(number);
    if (injected !== undefined) {
      failures++;
      return injected;
    }
    if (expectedAuth !== undefined && !sameBytes(Buffer.from(request.headers.authorization ?? ''), expectedAuth)) {
      return { ...diagnosis(401, 'Unauthorized', 'Invalid user name or password'), headers: { 'WWW-Authenticate': 'Basic realm="Sage CRM"' } };
    }
    const body = await readBody(request);
    return route(store, base, request.method ?? 'GET', request.url ?? '/', body);
  };

  const server = http.createServer((request, response) => {
    handle(request)
      .catch((error: unknown) =>
        error instanceof SimRequestError ? diagnosis(error.status, error.sdataCode, error.message) : diagnosis(500, 'ApplicationDiagnosis', errorText(error)),
      )
      .then((answer) => {
        if (closed || response.destroyed) return;
        request.resume(); // drain an unread body so the connection can be reused
        const bytes = jsonBytes(answer.body);
        response.writeHead(answer.status, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': bytes.length,
          ...answer.headers,
        });
        response.end(bytes);
      })
      .catch(() => response.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      store.close();
      reject(
        error.code === 'EADDRINUSE'
          ? new BobsyncError('unavailable', `Port ${options.port} on ${host} is already in use`, { hint: 'choose another --port', cause: error })
          : new BobsyncError('unavailable', `The CRM simulator cannot listen on ${host}:${options.port ?? 0}`, { cause: error }),
      );
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  base = `http://${hostPart}:${address.port}${SIM_BASE_PATH}`;

  return {
    url: base,
    stats: () => ({ requests, failures }),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
      store.close();
    },
  };
}

/** The answer to one authorised request. */
function route(store: SimStore, base: string, method: string, rawUrl: string, body: unknown): Answer {
  const url = new URL(rawUrl, 'http://simulator');
  if (!url.pathname.startsWith(SIM_BASE_PATH)) {
    return diagnosis(404, 'BadUrlSyntax', `Unknown path; the API lives under ${SIM_BASE_PATH}`);
  }
  let rest: string;
  try {
    rest = decodeURIComponent(url.pathname.slice(SIM_BASE_PATH.length));
  } catch {
    return diagnosis(400, 'BadUrlSyntax', 'The URL is not correctly encoded');
  }

  if (rest === '$prototypes' || rest.startsWith('$prototypes/')) {
    if (method !== 'GET') return notAllowed('GET');
    const name = rest.slice('$prototypes/'.length);
    if (rest === '$prototypes' || name === '') {
      return { status: 200, body: { $resources: Object.keys(SIM_RESOURCES).map((entity) => ({ $name: entity })) } };
    }
    const entity = simEntity(name);
    if (entity === undefined) return diagnosis(404, 'ResourceKindNotFound', `Unknown resource "${name}"`);
    return { status: 200, body: { $name: entity, $resources: store.fields(entity) } };
  }

  const match = /^([A-Za-z_$][A-Za-z0-9_]*)(?:\((.*)\))?$/s.exec(rest);
  const entity = match === null ? undefined : simEntity(match[1]!);
  if (match === null || entity === undefined) return diagnosis(404, 'ResourceKindNotFound', `Unknown resource "${rest}"`);
  const selector = match[2];
  const key = selector === undefined ? undefined : entryKey(selector);

  if (key === undefined) {
    if (method === 'GET') return feed(store, base, entity, url.searchParams, selector);
    if (method === 'POST' && selector === undefined) {
      const row = store.insert(entity, bodyObject(body));
      const entry = toEntry(base, entity, row);
      return { status: 201, body: entry, headers: { Location: String(entry.$url) } };
    }
    return notAllowed(selector === undefined ? 'GET, POST' : 'GET');
  }

  if (method === 'GET' || method === 'PUT' || method === 'PATCH') {
    const row = method === 'GET' ? store.get(entity, key) : store.update(entity, key, bodyObject(body));
    if (row === undefined) return diagnosis(404, 'ResourceNotFound', `${entity}('${key}') does not exist`);
    return { status: 200, body: toEntry(base, entity, row) };
  }
  return notAllowed('GET, PUT, PATCH');
}

function feed(store: SimStore, base: string, entity: SimEntity, params: URLSearchParams, selector: string | undefined): Answer {
  const startIndex = integerParam(params, 'startIndex', 1, 1);
  const count = Math.min(integerParam(params, 'count', DEFAULT_COUNT, 0), SIM_MAX_COUNT);
  const where = [selector ?? '', params.get('where') ?? ''].filter((w) => w.trim() !== '');
  const { total, rows } = store.feed(entity, {
    where: where.length <= 1 ? (where[0] ?? '') : where.map((w) => `(${w})`).join(' and '),
    orderBy: params.get('orderBy') ?? '',
    startIndex,
    count,
  });
  return {
    status: 200,
    body: {
      $url: `${base}${entity}`,
      $totalResults: total,
      $startIndex: startIndex,
      $itemsPerPage: count,
      $resources: rows.map((row) => toEntry(base, entity, row)),
    },
  };
}

/** The key of an entry selector: `'43'` or `43`; undefined when the selector is a where clause. */
function entryKey(selector: string): string | undefined {
  const text = selector.trim();
  const quoted = /^'((?:[^']|'')*)'$/.exec(text);
  if (quoted !== null) return quoted[1]!.replaceAll("''", "'");
  if (/^\d+$/.test(text)) return text;
  return undefined;
}

function toEntry(base: string, entity: SimEntity, row: SimRow): Record<string, unknown> {
  const resource = SIM_RESOURCES[entity];
  const key = String(row[resource.key]);
  const title = entity === 'Company' ? row.comp_name : entity === 'Person' ? row.pers_lastname : row.addr_address1;
  return { $key: key, $url: `${base}${entity}('${key}')`, $title: title ?? '', ...row };
}

function integerParam(params: URLSearchParams, name: string, fallback: number, min: number): number {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) {
    throw new SimRequestError(400, 'BadQueryParameter', `Expected ${name} to be an integer from ${min} up, got "${raw}"`);
  }
  return Number(raw);
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SimRequestError(400, 'BadRequest', 'Expected a JSON object as the request body');
  }
  return body as Record<string, unknown>;
}

async function readBody(request: http.IncomingMessage): Promise<unknown> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SimRequestError(413, 'BadRequest', `The request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SimRequestError(400, 'BadRequest', 'The request body is not valid JSON');
  }
}

function diagnosis(status: number, sdataCode: string, message: string, severity = 'error'): Answer {
  return { status, body: { $diagnoses: [{ $severity: severity, $sdataCode: sdataCode, $message: message }] } };
}

function notAllowed(allow: string): Answer {
  return { ...diagnosis(405, 'BadUrlSyntax', `Method not allowed here; use ${allow}`), headers: { Allow: allow } };
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function checkOptions(options: SimulatorOptions): void {
  const fail = (message: string): never => {
    throw new BobsyncError('usage', message);
  };
  if ((options.user === undefined) !== (options.password === undefined)) fail('Expected both a user and a password for the CRM simulator, or neither');
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
    fail(`Expected \`--port\` to be an integer from 0 to 65535, got ${options.port}`);
  }
  if (options.latencyMs !== undefined && !(Number.isFinite(options.latencyMs) && options.latencyMs >= 0)) {
    fail(`Expected \`--latency\` to be a number of milliseconds from 0 up, got ${options.latencyMs}`);
  }
  if (options.errorRate !== undefined && !(options.errorRate >= 0 && options.errorRate <= 1)) {
    fail(`Expected \`--error-rate\` to be a number from 0 to 1, got ${options.errorRate}`);
  }
  if (options.failAfter !== undefined && !(Number.isInteger(options.failAfter) && options.failAfter >= 0)) {
    fail(`Expected \`--fail-after\` to be an integer from 0 up, got ${options.failAfter}`);
  }
  if (options.rateLimitEvery !== undefined && !(Number.isInteger(options.rateLimitEvery) && options.rateLimitEvery >= 1)) {
    fail(`Expected rateLimitEvery to be an integer from 1 up, got ${options.rateLimitEvery}`);
  }
}
