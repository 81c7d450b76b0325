import { expect } from 'chai';
import { asWindows1252, describeCell, isBlankCell, isScientificRendering, normaliseCell, numberText, shownText } from '../../src/workbook/cell-value.js';

describe('shownText', () => {
  const cases: Array<[string, unknown, string]> = [
    ['blank (null)', null, ''],
    ['blank (undefined)', undefined, ''],
    ['empty text', '', ''],
    ['text', 'Acme NV', 'Acme NV'],
    ['rich text', { richText: [{ text: 'Ac', font: { bold: true } }, { text: 'me' }] }, 'Acme'],
    ['a hyperlink', { text: 'www.acme.be', hyperlink: 'http://www.acme.be' }, 'www.acme.be'],
    ['a hyperlink with rich text', { text: { richText: [{ text: 'a' }, { text: 'b' }] }, hyperlink: 'x' }, 'ab'],
    ['a formula by its result', { formula: 'A1&"x"', result: 'Jax' }, 'Jax'],
    ['a shared formula by its result', { sharedFormula: 'B2', result: 7 }, '7'],
    ['a formula without a result', { formula: 'NOW()' }, ''],
    ['an error', { error: '#N/A' }, '#N/A'],
    ['true', true, 'TRUE'],
    ['false', false, 'FALSE'],
    ['an integer without .0', 123, '123'],
    ['a decimal', 2.5, '2.5'],
    ['float noise as Excel shows it', 0.1 + 0.2, '0.3'],
    ['a large number without exponent', 1e21, '1000000000000000000000'],
    ['a negative large number without exponent', -1.5e22, '-15000000000000000000000'],
    ['a small number without exponent', 1.5e-7, '0.00000015'],
    ['a date at midnight as an ISO date', new Date(Date.UTC(2024, 2, 1)), '2024-03-01'],
    ['a date with a time as ISO', new Date(Date.UTC(2024, 2, 1, 13, 5, 0)), '2024-03-01T13:05:00Z'],
  ];
  for (const [what, value, text] of cases) {
    it(`reads ${what}`, () => {
      expect(shownText(value)).to.equal(text);
    });
  }
});

describe('describeCell', () => {
  it('reports a formula with its result', () => {
    const info = describeCell({ formula: 'IF(1,"Ja","")', result: 'Ja' });
    expect(info).to.include({ text: 'Ja', type: 'string', formula: 'IF(1,"Ja","")', error: null });
  });

  it('reports a shared formula (exceljs streams it with an empty formula text)', () => {
    expect(describeCell({ formula: '', result: 1 }).formula).to.equal('');
    expect(describeCell({ sharedFormula: 'N2', result: 1 }).formula).to.equal('N2');
  });

  it('reports an error, also as a formula result', () => {
    expect(describeCell({ error: '#REF!' })).to.include({ type: 'error', error: '#REF!' });
    expect(describeCell({ formula: 'VLOOKUP(1,A:A,2)', result: { error: '#N/A' } })).to.include({ type: 'error', error: '#N/A' });
    // The streaming reader parses an error result as a number: NaN.
    expect(describeCell({ formula: 'X', result: Number.NaN })).to.include({ type: 'error', error: '' });
  });

  it('keeps boolean semantics', () => {
    expect(describeCell(true)).to.include({ type: 'boolean', boolean: true, text: 'TRUE' });
    expect(describeCell({ formula: 'TRUE()', result: false })).to.include({ type: 'boolean', boolean: false });
  });

  it('keeps the number of a number cell', () => {
    expect(describeCell(123)).to.include({ type: 'number', number: 123, text: '123' });
  });
});

describe('normaliseCell', () => {
  it('reduces exceljs values to plain shapes and keeps formulas and errors as objects', () => {
    expect(normaliseCell({ richText: [{ text: 'x' }] })).to.equal('x');
    expect(normaliseCell({ formula: 'A1', result: { richText: [{ text: 'y' }] } })).to.deep.equal({ formula: 'A1', result: 'y' });
    expect(normaliseCell({ error: '#DIV/0!' })).to.deep.equal({ error: '#DIV/0!' });
    expect(normaliseCell('')).to.equal(null);
  });
});

describe('isBlankCell', () => {
  it('takes spaces for blank but not a formula or an error', () => {
    expect(isBlankCell('   ')).to.equal(true);
    expect(isBlankCell(null)).to.equal(true);
    expect(isBlankCell({ formula: 'A1', result: '' })).to.equal(false);
    expect(isBlankCell({ error: '#N/A' })).to.equal(false);
  });
});

describe('numberText', () => {
  it('writes integers as String does below 1e15', () => {
    expect(numberText(123456789012345)).to.equal('123456789012345');
    expect(numberText(-7)).to.equal('-7');
  });
});

describe('isScientificRendering', () => {
  const cases: Array<[string, string, boolean]> = [
    ['1.00E+05', '1E5', true],
    ['1E+11', '100000000000', true],
    ['1,23E+11', '123456789012', true],
    ['1.23457E+11', '123456789012', true],
    ['2E+11', '100000000000', false],
    ['1.00E+05', 'ACME', false],
    ['100000', '1E5', false],
  ];
  for (const [actual, expected, mangled] of cases) {
    it(`${mangled ? 'takes' : 'does not take'} ${actual} for Excel's rendering of ${expected}`, () => {
      expect(isScientificRendering(actual, expected)).to.equal(mangled);
    });
  }
});

describe('asWindows1252', () => {
  it('keeps what Windows-1252 has (accents, € and typographic quotes) and makes the rest ?', () => {
    expect(asWindows1252('Créer → Łódź € ’ 😀')).to.equal('Créer ? ?ód? € ’ ?');
  });
});
