import { expect } from 'chai';
import { bobVat, companyVat, formatBelgianVat, normaliseVat, partyVat } from '../../src/engine/vat.js';
import { aBobCustomer, aCrmCompany, belgianVat } from './builders.js';

describe('normaliseVat', () => {
  const spellings: Array<[string, string]> = [
    ['BE 0403.019.261', 'BE0403019261'],
    ['BE0403019261', 'BE0403019261'],
    ['be-0403 019 261', 'BE0403019261'],
    ['0403019261', 'BE0403019261'],
    ['0403.019.261', 'BE0403019261'],
    ['403019261', 'BE0403019261'],
    ['BE403019261', 'BE0403019261'],
    ['(0)403019261', 'BE0403019261'],
    ['BE (0)403.019.261', 'BE0403019261'],
    ['  BE0403/019/261  ', 'BE0403019261'],
    ['BTW BE 0403.019.261', 'BE0403019261'],
    ['BE\u00a00403\u00a0019\u00a0261', 'BE0403019261'],
    ['BE 428759497', 'BE0428759497'],
    ['1000000021', 'BE1000000021'],
    ['BE 1234.567.894', 'BE1234567894'],
  ];
  for (const [raw, vat] of spellings) {
    it(`reads "${raw}" as ${vat}`, () => {
      expect(normaliseVat(raw)).to.deep.equal({ status: 'valid', vat, country: 'BE', number: vat.slice(2) });
    });
  }

  it('accepts check digits 97 when the first 8 digits are a multiple of 97', () => {
    expect(4287594 % 97).to.equal(0);
    expect(normaliseVat('0428759497').status).to.equal('valid');
    expect(normaliseVat('0428759400').status).to.equal('invalid');
  });

  it('accepts numbers of the 1-series computed with the builder', () => {
    const vat = belgianVat(19876543);
    expect(vat.startsWith('BE1')).to.equal(true);
    expect(normaliseVat(vat)).to.include({ status: 'valid', vat });
  });

  const invalid: Array<[string, RegExp]> = [
    ['BE0403019262', /check digits/],
    ['BE431150351', /check digits/],
    ['1234567890', /check digits/],
    ['2403019261', /starts with 0 or 1/],
    ['BE12345678', /10 digits; this one has 8/],
    ['BE04030192611', /10 digits; this one has 11/],
    ['BE04030X9261', /digits only/],
    ['0000000097', /check digits/],
    ['BE', /no number/],
    ['CHE-123.456.789', /CH is not the VAT prefix of an EU country/],
    ['EX12345', /outside the EU/],
  ];
  for (const [raw, problem] of invalid) {
    it(`reports "${raw}" as invalid with a reason`, () => {
      const result = normaliseVat(raw);
      expect(result.status).to.equal('invalid');
      if (result.status === 'invalid') {
        expect(result.raw).to.equal(raw.trim());
        expect(result.problem).to.match(problem);
      }
    });
  }

  it('gives empty for blank or punctuation-only input', () => {
    for (const raw of ['', '   ', '-', ' . ']) expect(normaliseVat(raw)).to.deep.equal({ status: 'empty' });
  });

  const otherEu: Array<[string, string]> = [
    ['ATU12345678', 'ATU12345678'],
    ['BG123456789', 'BG123456789'],
    ['BG1234567890', 'BG1234567890'],
    ['CY12345678L', 'CY12345678L'],
    ['CZ12345678', 'CZ12345678'],
    ['DE 123 456 789', 'DE123456789'],
    ['DK12345678', 'DK12345678'],
    ['EE123456789', 'EE123456789'],
    ['EL123456789', 'EL123456789'],
    ['GR123456789', 'EL123456789'],
    ['ESX1234567X', 'ESX1234567X'],
    ['ES12345678Z', 'ES12345678Z'],
    ['FI12345678', 'FI12345678'],
    ['FR 40 303 265 045', 'FR40303265045'],
    ['FRAB123456789', 'FRAB123456789'],
    ['HR12345678901', 'HR12345678901'],
    ['HU12345678', 'HU12345678'],
    ['IE1234567WA', 'IE1234567WA'],
    ['IE1A23456B', 'IE1A23456B'],
    ['IT12345678901', 'IT12345678901'],
    ['LT123456789', 'LT123456789'],
    ['LT123456789012', 'LT123456789012'],
    ['LU 1234 5678', 'LU12345678'],
    ['LV12345678901', 'LV12345678901'],
    ['MT12345678', 'MT12345678'],
    ['nl 1234.56.789.B01', 'NL123456789B01'],
    ['PL1234567890', 'PL1234567890'],
    ['PT123456789', 'PT123456789'],
    ['RO12', 'RO12'],
    ['SE123456789001', 'SE123456789001'],
    ['SI12345678', 'SI12345678'],
    ['SK1234567890', 'SK1234567890'],
  ];
  for (const [raw, vat] of otherEu) {
    it(`accepts the format of ${raw}`, () => {
      expect(normaliseVat(raw)).to.deep.equal({ status: 'valid', vat, country: vat.slice(0, 2), number: vat.slice(2) });
    });
  }

  const badFormats = ['ATU1234567', 'DE12345678', 'NL123456789', 'FR123', 'LT1234567890', 'ES1234567', 'CY123456789', 'SE1234567890'];
  for (const raw of badFormats) {
    it(`rejects the format of ${raw}, naming what is expected`, () => {
      const result = normaliseVat(raw);
      expect(result.status).to.equal('invalid');
      if (result.status === 'invalid') expect(result.problem).to.match(new RegExp(`^A ${raw.slice(0, 2)} VAT number is .+ after the prefix`));
    });
  }

  it('reads a number without prefix in the country of the hint', () => {
    expect(normaliseVat('123456789B01', 'NL')).to.include({ status: 'valid', vat: 'NL123456789B01' });
    expect(normaliseVat('1234 5678', 'lu')).to.include({ status: 'valid', vat: 'LU12345678' });
    expect(normaliseVat('123456789', 'GR')).to.include({ status: 'valid', vat: 'EL123456789' });
  });

  it('reads a number without prefix as Belgian when the hint is Belgium or not an EU country', () => {
    expect(normaliseVat('0403019261', 'BE')).to.include({ vat: 'BE0403019261' });
    expect(normaliseVat('0403019261', 'CH')).to.include({ vat: 'BE0403019261' });
    expect(normaliseVat('0403019261', '')).to.include({ vat: 'BE0403019261' });
  });

  it('lets an explicit prefix win over the hint', () => {
    expect(normaliseVat('BE0403019261', 'NL')).to.include({ vat: 'BE0403019261' });
  });
});

describe('bobVat', () => {
  const cases: Array<[string, string, string]> = [
    ['BE', '0403019261', 'BE0403019261'],
    ['BE', '0403.019.261', 'BE0403019261'],
    ['BE', '403019261', 'BE0403019261'],
    ['BE', 'BE 0403.019.261', 'BE0403019261'],
    ['be', 'be-0403 019 261', 'BE0403019261'],
    ['', 'BE0403019261', 'BE0403019261'],
    ['', '0403019261', 'BE0403019261'],
    ['BE0403019261', '', 'BE0403019261'],
    ['GR', '123456789', 'EL123456789'],
    ['NL', '123456789B01', 'NL123456789B01'],
    ['FR', 'AT123456789', 'FRAT123456789'],
    ['NL', 'BE0403019261', 'BE0403019261'],
  ];
  for (const [vatRef, vatNo, vat] of cases) {
    it(`combines CVATREF "${vatRef}" and CVATNO "${vatNo}" into ${vat}`, () => {
      expect(bobVat(vatRef, vatNo)).to.include({ status: 'valid', vat });
    });
  }

  it('gives empty when there is no number, even with a prefix', () => {
    for (const [vatRef, vatNo] of [['', ''], ['BE', ''], ['EX', ''], ['', '  ']]) {
      expect(bobVat(vatRef!, vatNo!)).to.deep.equal({ status: 'empty' });
    }
  });

  it('reports a number with the non-EU prefix EX as not matchable', () => {
    const result = bobVat('EX', '123-456-789');
    expect(result).to.deep.include({ status: 'invalid', raw: 'EX123-456-789' });
    if (result.status === 'invalid') expect(result.problem).to.match(/outside the EU/);
  });

  it('reports another non-EU prefix as not matchable', () => {
    expect(bobVat('CH', '123456789')).to.include({ status: 'invalid' });
  });

  it('reports an invalid Belgian number with the combined raw value', () => {
    expect(bobVat('BE', '0403019262')).to.deep.include({ status: 'invalid', raw: 'BE0403019262' });
  });

  it('uses the country hint only when CVATREF is empty', () => {
    expect(bobVat('', '12345678', 'LU')).to.include({ vat: 'LU12345678' });
    expect(bobVat('BE', '0403019261', 'LU')).to.include({ vat: 'BE0403019261' });
  });
});

describe('formatBelgianVat', () => {
  it('writes a Belgian number with dots', () => {
    expect(formatBelgianVat('0403019261')).to.equal('BE 0403.019.261');
  });

  it('returns other input unchanged', () => {
    expect(formatBelgianVat('NL123456789B01')).to.equal('NL123456789B01');
    expect(formatBelgianVat('BE0403019262')).to.equal('BE0403019262');
  });
});

describe('partyVat', () => {
  it('reads CVATREF and CVATNO with the country as hint', () => {
    expect(partyVat(aBobCustomer({ vatRef: '', vatNo: '12345678', country: 'LU' }))).to.include({ vat: 'LU12345678' });
    expect(partyVat(aBobCustomer({ vatRef: 'BE', vatNo: '403019261', country: 'LU' }))).to.include({ vat: 'BE0403019261' });
  });
});

describe('companyVat', () => {
  it('reads the VAT number with the address country, named or coded, as hint', () => {
    expect(companyVat(aCrmCompany({ vat: '123456789B01', address: { country: 'Nederland' } }))).to.include({ vat: 'NL123456789B01' });
    expect(companyVat(aCrmCompany({ vat: '0403019261', address: null }))).to.include({ vat: 'BE0403019261' });
  });
});
