import { expect } from 'chai';
import { compareNatural, sortByKey } from '../../src/engine/compare-natural.js';

describe('compareNatural', () => {
  it('orders digit runs by value', () => {
    expect(['C2B:10', 'C2B:9', 'C2B:100', 'C2B:09a'].sort(compareNatural)).to.deep.equal(['C2B:9', 'C2B:09a', 'C2B:10', 'C2B:100']);
  });

  it('orders text by code unit, shorter first', () => {
    expect(['b', 'B', 'a1', 'a', 'A|', 'ab'].sort(compareNatural)).to.deep.equal(['A|', 'B', 'a', 'a1', 'ab', 'b']);
  });

  it('settles values equal but for leading zeros by their text, whatever the input order', () => {
    expect(['7', '07', '007'].sort(compareNatural)).to.deep.equal(['007', '07', '7']);
    expect(['007', '7', '07'].sort(compareNatural)).to.deep.equal(['007', '07', '7']);
    expect(compareNatural('x1', 'x1')).to.equal(0);
  });
});

describe('sortByKey', () => {
  it('sorts rows by key in natural order', () => {
    expect(sortByKey([{ key: 'EXC:C:10' }, { key: 'EXC:B:Z' }, { key: 'EXC:C:9' }]).map((r) => r.key)).to.deep.equal(['EXC:B:Z', 'EXC:C:9', 'EXC:C:10']);
  });
});
