import { expect } from 'chai';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { releaseMemory } from '../../src/app/release-memory.js';
import { intern, internValues } from '../../src/sources/intern.js';

describe('intern', () => {
  /** Heap in use once everything unreachable is collected. */
  const heapUsed = async (): Promise<number> => {
    await nextTurn();
    releaseMemory();
    return process.memoryUsage().heapUsed;
  };

  it('keeps one string object per repeating value, so that the copies read from a source can go', async () => {
    // Each call makes a new string object, as a database driver or JSON.parse does for every row.
    const read = (i: number): string => `Antwerpen ${i % 3}`;
    const start = await heapUsed();
    const interned = Array.from({ length: 300_000 }, (_, i) => intern(read(i)));
    const afterInterned = await heapUsed();
    const copies = Array.from({ length: 300_000 }, (_, i) => read(i));
    const afterCopies = await heapUsed();
    // Both arrays hold 300k references; only the copies hold 300k strings as well.
    expect(afterInterned - start).to.be.below((afterCopies - afterInterned) / 2);
    expect(interned[4]).to.equal('Antwerpen 1');
    expect(copies[4]).to.equal('Antwerpen 1');
  });

  it('leaves every value as it was, also in a record', () => {
    expect(intern('')).to.equal('');
    const long = 'x'.repeat(200);
    expect(intern(long)).to.equal(long);
    expect(internValues({ sector: 'Bouw', region: 'Vlaanderen', empty: '' })).to.deep.equal({ sector: 'Bouw', region: 'Vlaanderen', empty: '' });
  });
});
