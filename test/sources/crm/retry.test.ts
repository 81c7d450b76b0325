import { expect } from 'chai';
import { defaultRetryPolicy, parseRetryAfter, retryDelay, withRetry } from '../../../src/sources/crm/retry.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T10:00:00Z');
  const cases: [string | null, number | undefined][] = [
    [null, undefined],
    ['', undefined],
    ['0', 0],
    ['1', 1000],
    [' 120 ', 120_000],
    ['Sat, 01 Mar 2025 10:00:30 GMT', 30_000],
    ['Sat, 01 Mar 2025 09:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
  ];
  for (const [value, expected] of cases) {
    it(`reads ${JSON.stringify(value)} as ${expected}`, () => {
      expect(parseRetryAfter(value, now)).to.equal(expected);
    });
  }
});

describe('retryDelay', () => {
  it('doubles the back-off ceiling with each attempt, within maxDelayMs', () => {
    const policy = defaultRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 });
    expect([0, 1, 2, 3, 4, 5].map((attempt) => retryDelay(attempt, undefined, policy))).to.deep.equal([99, 199, 399, 799, 999, 999]);
  });

  it('spreads the waits with the random source', () => {
    const policy = defaultRetryPolicy({ baseDelayMs: 100, random: () => 0.5 });
    expect(retryDelay(2, undefined, policy)).to.equal(200);
  });

  it("waits the server's Retry-After, capped at maxRetryAfterMs", () => {
    const policy = defaultRetryPolicy({ maxRetryAfterMs: 5000, random: () => 0 });
    expect(retryDelay(0, 1000, policy)).to.equal(1000);
    expect(retryDelay(0, 3_600_000, policy)).to.equal(5000);
  });
});

describe('withRetry', () => {
  const recording = (): { waits: number[]; policy: ReturnType<typeof defaultRetryPolicy> } => {
    const waits: number[] = [];
    return { waits, policy: defaultRetryPolicy({ retries: 3, baseDelayMs: 10, random: () => 0.5, sleep: async (ms) => void waits.push(ms) }) };
  };

  it('returns the first success after retryable failures', async () => {
    const { waits, policy } = recording();
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('busy');
        return 'done';
      },
      () => ({ retry: true }),
      policy,
    );
    expect(value).to.equal('done');
    expect(calls).to.equal(3);
    expect(waits).to.deep.equal([5, 10]);
  });

  it('rethrows the last error once the retries are spent', async () => {
    const { policy } = recording();
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw new Error(`failure ${calls}`);
      },
      () => ({ retry: true }),
      policy,
    ).catch((e: unknown) => e);
    expect((error as Error).message).to.equal('failure 4');
    expect(calls).to.equal(4);
  });

  it('stops at once on an error classified as final', async () => {
    const { waits, policy } = recording();
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw new Error('bad request');
      },
      () => ({ retry: false }),
      policy,
    ).catch((e: unknown) => e);
    expect((error as Error).message).to.equal('bad request');
    expect(calls).to.equal(1);
    expect(waits).to.deep.equal([]);
  });

  it('waits the Retry-After the classifier reports', async () => {
    const { waits, policy } = recording();
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls === 1) throw new Error('429');
        return calls;
      },
      () => ({ retry: true, retryAfterMs: 1000 }),
      policy,
    );
    expect(waits).to.deep.equal([1000]);
  });
});
