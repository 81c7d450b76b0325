import { expect } from 'chai';
import { byCodeUnits, sortSmall } from '../../src/engine/collections.js';

describe('sortSmall', () => {
  // A small deterministic generator: the same lists on every run.
  let seed = 12345;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

  it('orders exactly as Array.prototype.sort does, ties kept in their order, short and long lists', () => {
    for (let length = 0; length <= 40; length++) {
      for (let round = 0; round < 20; round++) {
        // Many equal keys, so that stability shows.
        const list = Array.from({ length }, (_, i) => ({ key: Math.floor(next() * 5), i }));
        const compare = (a: { key: number }, b: { key: number }): number => a.key - b.key;
        const expected = [...list].sort(compare);
        const sorted = sortSmall(list, compare);
        expect(sorted, `length ${length}`).to.equal(list); // in place
        expect(sorted).to.deep.equal(expected);
      }
    }
  });

  it('orders strings by code units with byCodeUnits, as sort() without a comparator', () => {
    const words = ['b', 'B', 'a', 'é', 'e', 'Z', '10', '9', '', 'ab', 'a b', '\u{1F389}', 'ß'];
    expect(sortSmall([...words], byCodeUnits)).to.deep.equal([...words].sort());
  });
});
