import { expect } from 'chai';
import { neutralise, restore } from '../../src/workbook/neutralise.js';

describe('neutralise', () => {
  const guarded: Array<[string, string]> = [
    ['=HYPERLINK("http://x")', "'=HYPERLINK(\"http://x\")"],
    ['+32 2 123 45 67', "'+32 2 123 45 67"],
    ['-MINUS', "'-MINUS"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1+1', "'\t=1+1"],
    ['\rX', "'\rX"],
    ['\nX', "'\nX"],
    ['\0X', "'\0X"],
    ['  =1+1', "'  =1+1"],
    ["'already quoted", "''already quoted"],
  ];
  for (const [text, expected] of guarded) {
    it(`prefixes an apostrophe to ${JSON.stringify(text)}`, () => {
      expect(neutralise(text)).to.equal(expected);
    });
  }

  const untouched = ['ACME NV', '0403019261', 'B2C:=X', 'a=b', 'Name: ACME SA → ACME NV', '', ' leading space'];
  for (const text of untouched) {
    it(`leaves ${JSON.stringify(text)} unchanged`, () => {
      expect(neutralise(text)).to.equal(text);
    });
  }
});

describe('restore', () => {
  it('is the exact inverse of neutralise', () => {
    for (const text of ['=1+1', "'x", "''x", '-', 'plain', '', '  @x', '\t', "'"]) {
      expect(restore(neutralise(text))).to.equal(text);
    }
  });

  it('strips one leading apostrophe only', () => {
    expect(restore("''x")).to.equal("'x");
    expect(restore('x')).to.equal('x');
  });
});
