import { expect } from 'chai';
import { cellRef, columnIndex, columnLetter, parseCellAddress, quoteSheetName, rowRef } from '../../src/workbook/cell-address.js';

describe('columnLetter', () => {
  const cases: Array<[number, string]> = [
    [0, 'A'],
    [12, 'M'],
    [25, 'Z'],
    [26, 'AA'],
    [51, 'AZ'],
    [701, 'ZZ'],
    [702, 'AAA'],
    [16383, 'XFD'],
  ];
  for (const [index, letters] of cases) {
    it(`writes column ${index} as ${letters} and reads it back`, () => {
      expect(columnLetter(index)).to.equal(letters);
      expect(columnIndex(letters)).to.equal(index);
    });
  }

  it('refuses a negative index', () => {
    expect(() => columnLetter(-1)).to.throw(RangeError);
  });
});

describe('quoteSheetName', () => {
  const cases: Array<[string, string]> = [
    ['Summary', 'Summary'],
    ['Résumé', 'Résumé'],
    ['BOB to CRM', "'BOB to CRM'"],
    ["O'Brien", "'O''Brien'"],
    ['bob-to-crm.csv', "'bob-to-crm.csv'"],
    ['A1', "'A1'"],
    ['R1C1', "'R1C1'"],
    ['2024', "'2024'"],
  ];
  for (const [name, quoted] of cases) {
    it(`writes ${name} as ${quoted}`, () => {
      expect(quoteSheetName(name)).to.equal(quoted);
    });
  }
});

describe('cellRef', () => {
  it('quotes the sheet name as Excel does', () => {
    expect(cellRef('BOB to CRM', 14, 12)).to.equal("'BOB to CRM'!M14");
    expect(cellRef('Summary', 35, 1)).to.equal('Summary!B35');
    expect(cellRef('Sheet', 3, 27)).to.equal('Sheet!AB3');
  });

  it('refers to a whole row', () => {
    expect(rowRef('CRM to BOB', 4)).to.equal("'CRM to BOB'!4:4");
  });
});

describe('parseCellAddress', () => {
  it('reads a relative or absolute address', () => {
    expect(parseCellAddress('B14')).to.deep.equal({ row: 14, col: 1 });
    expect(parseCellAddress('$AA$3')).to.deep.equal({ row: 3, col: 26 });
  });

  it('refuses what is not an address', () => {
    expect(parseCellAddress('B0')).to.equal(null);
    expect(parseCellAddress('14B')).to.equal(null);
    expect(parseCellAddress('')).to.equal(null);
  });
});
