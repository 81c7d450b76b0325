import { expect } from 'chai';
import { MAX_CELL_LENGTH, textCell } from '../../src/workbook/cell-text.js';

describe('textCell', () => {
  it('turns CR and CRLF into LF and drops characters XML cannot carry', () => {
    expect(textCell('a\r\nb\rc\u0001d\u0000e')).to.equal('a\nb\ncde');
  });

  it('keeps tabs inside a text', () => {
    expect(textCell('a\tb')).to.equal('a\tb');
  });

  it('cuts a cell longer than the limit and marks it', () => {
    const text = textCell('x'.repeat(40_000), '… (truncated)') as string;
    expect(text.length).to.equal(MAX_CELL_LENGTH);
    expect(text.endsWith('… (truncated)')).to.equal(true);
  });

  it('gives null for an empty text', () => {
    expect(textCell('')).to.equal(null);
  });

  it('leaves formula-like text as it is (the formula guard is the CSV format\'s own)', () => {
    expect(textCell('\u0001=1+1')).to.equal('=1+1');
  });
});
