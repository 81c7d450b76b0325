import { expect } from 'chai';
import { failureLines } from '../../src/cli/import.js';

describe('failureLines', () => {
  it('groups failures by cause, most frequent first, with a few of their rows', () => {
    const failures = [
      ...Array.from({ length: 5 }, (_x, i) => ({ rowKey: `B2C:A${i}`, reason: 'HTTP 503' })),
      { rowKey: 'C2B:7', reason: 'BOB code X is already used by another third party' },
    ];
    expect(failureLines(failures)).to.deep.equal([
      '    failed 5× (B2C:A0, B2C:A1, B2C:A2, … and 2 more): HTTP 503',
      '    failed 1× (C2B:7): BOB code X is already used by another third party',
    ]);
  });

  it('never cuts the list without saying how much is left out', () => {
    const failures = Array.from({ length: 25 }, (_x, i) => ({ rowKey: `B2C:R${i}`, reason: `cause ${i}` }));
    const lines = failureLines(failures);
    expect(lines).to.have.length(21);
    expect(lines.at(-1)).to.equal('    … and 5 more cause(s), 5 failed operation(s): filter Result = failed in the result workbook, or use --json');
  });
});
