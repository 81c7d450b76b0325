/**
 * Retries with exponential back-off and full jitter, honouring a server's `Retry-After`. Written
 * here rather than taken from a library: the policy is a dozen lines, and the REST client needs to
 * decide per error (status, method, whether the request may have reached the server) what to retry.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Back-off ceiling of the first retry; it doubles with each retry. */
  baseDelayMs: number;
  /** Back-off never waits longer than this. */
  maxDelayMs: number;
  /** A server's `Retry-After` is honoured up to this. */
  maxRetryAfterMs: number;
  /** Uniform in [0, 1): the jitter source. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** What to do about a failed attempt. */
export interface RetryVerdict {
  retry: boolean;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  retryAfterMs?: number;
}

/** The default policy: 4 retries, 250 ms doubling up to 10 s, `Retry-After` up to 60 s. */
export function defaultRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    retries: 4,
    baseDelayMs: 250,
    maxDelayMs: 10_000,
    maxRetryAfterMs: 60_000,
    random: Math.random,
    sleep: (ms) => delay(ms),
    ...overrides,
  };
}

/**
 * Milliseconds to wait before retry number `attempt + 1` (attempt 0 is the first try): the
 * server's `Retry-After` (capped) when given, else a random wait up to `baseDelayMs · 2^attempt`
 * (capped), so that many clients do not come back in step.
 */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, policy: RetryPolicy): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(policy.random() * ceiling);
}

/**
 * A `Retry-After` header value in milliseconds: delta-seconds (`120`) or an HTTP date; undefined
 * when absent or unreadable. A date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its weekday and month; Date.parse alone would read "-5" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Runs `attempt` until it resolves, `classify` says an error is final, or the retries are spent;
 * then rethrows the last error unchanged.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  classify: (error: unknown) => RetryVerdict,
  policy: RetryPolicy,
): Promise<T> {
  for (let attemptNumber = 0; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const verdict = classify(error);
      if (!verdict.retry || attemptNumber >= policy.retries) throw error;
      await policy.sleep(retryDelay(attemptNumber, verdict.retryAfterMs, policy));
    }
  }
}
