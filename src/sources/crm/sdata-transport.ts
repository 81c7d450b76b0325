/**
 * The HTTP side of the Sage CRM REST client: one request with Basic auth and JSON, a timeout per
 * attempt, retries with back-off on 429, 5xx and network errors (Retry-After honoured), bounded
 * concurrency (p-limit), and failures as `CrmRequestError`s that say what to do. Secrets never reach
 * a message.
 *
 * A create (POST) is not idempotent: when its answer is lost the company may exist, so it is only
 * retried when the server answered 429/503 (nothing written) or the connection was never made; any
 * other failure surfaces as a `transient` CrmRequestError with `retryable: false`, and the apply
 * step looks the company up by `comp_bobid` before trying again.
 */
import pLimit from 'p-limit';
import { BobsyncError, type ErrorCode } from '../../errors.js';
import type { WriteDto } from './crm-dto.js';
import { defaultRetryPolicy, parseRetryAfter, withRetry, type RetryPolicy, type RetryVerdict } from './retry.js';
import { readDiagnosis } from './sdata-diagnosis.js';

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

export interface TransportOptions {
  /** Base URL ending in `/sagecrm2/-/` (a missing final slash is added). */
  url: string;
  user: string;
  password: string;
  /** Requests in flight at most. */
  concurrency: number;
  /** Per attempt, in milliseconds. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  /** Names of the environment variables holding the credentials, for messages. */
  userEnv?: string;
  passwordEnv?: string;
  /** Back-off tuning (tests use tiny delays or a recording `sleep`). */
  retry?: Partial<Omit<RetryPolicy, 'retries'>>;
  onRequest?: (info: CrmRequestInfo) => void;
}

export interface SdataTransport {
  /** The base URL, without credentials. */
  readonly base: string;
  /** One request with retries, inside the concurrency limit; resolves to the parsed JSON body (null when empty). */
  request(method: string, path: string, payload?: WriteDto): Promise<unknown>;
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

/** Codes of connection errors that prove the request never left: safe to retry even a create. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export function createSdataTransport(options: TransportOptions): SdataTransport {
  const { timeoutMs } = options;
  const base = baseUrl(options.url);
  const policy = defaultRetryPolicy({ ...options.retry, retries: options.retries });
  const limit = pLimit(options.concurrency);
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

  return { base, request };
}

/** The part of a request URL after the base, without the query (`Company`, `Company('43')`). */
function resourcePath(url: string, base: string): string {
  return decodeURIComponent(url.slice(base.length).split('?')[0] ?? '');
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
