/**
 * A small seeded pseudo-random generator for the demo data (sfc32, seeded through splitmix32).
 * The demo must be reproducible from its seed on every platform, so nothing in `src/demo` may use
 * `Math.random`: every draw goes through one `Random`.
 */

/** A table of weighted choices, prepared once so that a draw is a short scan. */
export interface WeightedTable<T> {
  readonly items: readonly T[];
  /** Running sums of the weights. */
  readonly cumulative: readonly number[];
  readonly total: number;
}

/** Prepares `[item, weight]` pairs for `Random.weighted`; weights must be ≥ 0 with a positive sum. */
export function weightedTable<T>(entries: ReadonlyArray<readonly [T, number]>): WeightedTable<T> {
  const items: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [item, weight] of entries) {
    if (!(weight >= 0)) throw new RangeError(`Expected a weight ≥ 0, got ${weight}`);
    total += weight;
    items.push(item);
    cumulative.push(total);
  }
  if (total <= 0) throw new RangeError('Expected at least one positive weight');
  return { items, cumulative, total };
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** The same integer seed gives the same sequence of draws. */
  constructor(seed: number) {
    // splitmix32 spreads the seed over the four words: the low 32 bits make the first two, the high
    // bits of a large seed are folded into the last two, so no two safe integers share a state
    let state = seed | 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    state ^= Math.imul(Math.floor(seed / 0x1_0000_0000) | 0, 0x27d4eb2f);
    this.c = next();
    this.d = next();
    // the first outputs of sfc32 are still close to the seed words
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniform integer in [0, 2^32). */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  /** A uniform integer from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One item of a weighted table, with probability proportional to its weight. */
  weighted<T>(table: WeightedTable<T>): T {
    const x = this.next() * table.total;
    const { cumulative, items } = table;
    for (let i = 0; i < cumulative.length; i++) {
      if (x < (cumulative[i] as number)) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /** A string of `length` random decimal digits. */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }
}
