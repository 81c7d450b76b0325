import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random, weightedTable } from '../../src/demo/random.js';

const draws = (rng: Random, count: number): number[] => Array.from({ length: count }, () => rng.uint32());

describe('Random', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draws(new Random(42), 50)).to.deep.equal(draws(new Random(42), 50));
  });

  it('gives other sequences for neighbouring seeds, negative seeds and seeds beyond 32 bits', () => {
    const seeds = [0, 1, 2, -1, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER];
    const firsts = seeds.map((seed) => draws(new Random(seed), 3).join(','));
    expect(new Set(firsts).size).to.equal(seeds.length);
  });

  it('draws numbers in [0, 1) spread over the whole interval', () => {
    const rng = new Random(7);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x).to.be.at.least(0).and.below(1);
      buckets[Math.floor(x * 10)]! += 1;
    }
    for (const count of buckets) expect(count).to.be.within(850, 1150);
  });

  it('draws integers between both bounds, including them', () => {
    const rng = new Random(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const n = rng.int(-2, 3);
      expect(Number.isInteger(n)).to.equal(true);
      seen.add(n);
    }
    expect([...seen].sort((a, b) => a - b)).to.deep.equal([-2, -1, 0, 1, 2, 3]);
  });

  it('picks every element of a list and refuses an empty one', () => {
    const rng = new Random(5);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(rng.pick(['a', 'b', 'c']));
    expect([...seen].sort()).to.deep.equal(['a', 'b', 'c']);
    expect(() => rng.pick([])).to.throw(RangeError);
  });

  it('says yes about as often as the probability given', () => {
    const rng = new Random(11);
    let yes = 0;
    for (let i = 0; i < 10_000; i++) if (rng.chance(0.3)) yes++;
    expect(yes).to.be.within(2_800, 3_200);
    expect(rng.chance(0)).to.equal(false);
  });

  it('draws weighted items in proportion to their weights and never a zero weight', () => {
    const rng = new Random(13);
    const table = weightedTable<string>([['rare', 1], ['never', 0], ['common', 9]]);
    const counts: Record<string, number> = { rare: 0, never: 0, common: 0 };
    for (let i = 0; i < 10_000; i++) counts[rng.weighted(table)]! += 1;
    expect(counts.never).to.equal(0);
    expect(counts.rare).to.be.within(800, 1_200);
  });

  it('refuses a weighted table without a positive weight', () => {
    expect(() => weightedTable([['a', 0]])).to.throw(RangeError);
    expect(() => weightedTable([['a', -1], ['b', 2]])).to.throw(RangeError);
  });

  it('shuffles a list into a permutation of it', () => {
    const list = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = new Random(17).shuffle([...list]);
    expect(shuffled).not.to.deep.equal(list);
    expect([...shuffled].sort((a, b) => a - b)).to.deep.equal(list);
  });

  it('writes strings of random digits of the length asked', () => {
    const digits = new Random(19).digits(12);
    expect(digits).to.match(/^\d{12}$/);
  });
});

describe('demo code', () => {
  it('draws nothing from Math.random, so that a seed reproduces the data', () => {
    const demoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/demo');
    const modules = fs.readdirSync(demoDir).filter((name) => name.endsWith('.js'));
    expect(modules).to.include('generate-demo-data.js');
    for (const name of modules) expect(fs.readFileSync(path.join(demoDir, name), 'utf8'), name).not.to.match(/Math\.random\s*\(/);
  });
});
