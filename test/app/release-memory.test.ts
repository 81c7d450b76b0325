import { expect } from 'chai';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { releaseMemory } from '../../src/app/release-memory.js';

describe('releaseMemory', () => {
  it('collects what nothing refers to any more', async () => {
    let garbage: { data: number[] } | null = { data: Array.from({ length: 100_000 }, (_, i) => i) };
    const ref = new WeakRef(garbage);
    garbage = null;
    // A WeakRef keeps its target until the current job ends.
    await nextTurn();
    releaseMemory();
    expect(ref.deref()).to.equal(undefined);
  });
});
