import { expect } from 'chai';
import { bobVat, companyVat, formatBelgianVat, normaliseVat, partyVat, type VatReason } from '../../src/engine/vat.js';
import { aBobCustomer, aCrmCompany, belgianVat } from './builders.js';

/**
 * Valid numbers of every member state and Northern Ireland, as written in their source, normalised,
 * and with one digit changed so that the check fails. "python-stdnum x/y.py" is the library's own
 * examples (its doctests); a number of an administration is its own number as it publishes it.
 */
const STATES: Array<{ written: string; vat: string; typo: string; source: string }> = [
  { written: 'AT U13585627', vat: 'ATU13585627', typo: 'ATU13585628', source: 'python-stdnum at/uid.py' },
  { written: 'BE 0403.019.261', vat: 'BE0403019261', typo: 'BE0403019262', source: 'python-stdnum be/vat.py' },
  { written: 'BE 0308.357.159', vat: 'BE0308357159', typo: 'BE0308357150', source: 'FOD Financiën / SPF Finances, its own number' },
  { written: 'BE 1000.000.021', vat: 'BE1000000021', typo: 'BE1000000022', source: '1-series, check digits by the rule' },
  { written: 'BG 175 074 752', vat: 'BG175074752', typo: 'BG175074753', source: 'python-stdnum bg/vat.py' },
  { written: 'BG 752316 926 3', vat: 'BG7523169263', typo: 'BG7523169264', source: 'python-stdnum bg/egn.py (personal number)' },
  { written: 'CY-10259033P', vat: 'CY10259033P', typo: 'CY10259034P', source: 'python-stdnum cy/vat.py' },
  { written: 'CZ 25123891', vat: 'CZ25123891', typo: 'CZ25123892', source: 'python-stdnum cz/dic.py' },
  { written: 'CZ 710319/2745', vat: 'CZ7103192745', typo: 'CZ7103192746', source: 'python-stdnum cz/rc.py (birth number)' },
  { written: 'CZ 640903926', vat: 'CZ640903926', typo: 'CZ640903927', source: '6-series, check digit by the rule of python-stdnum cz/dic.py' },
  { written: 'DE136695976', vat: 'DE136695976', typo: 'DE136695977', source: 'python-stdnum de/vat.py' },
  { written: 'DK 13585628', vat: 'DK13585628', typo: 'DK13585629', source: 'python-stdnum dk/cvr.py' },
  { written: 'EE 100 931 558', vat: 'EE100931558', typo: 'EE100931559', source: 'python-stdnum ee/kmkr.py' },
  { written: 'EL 094259216', vat: 'EL094259216', typo: 'EL094259217', source: 'python-stdnum gr/vat.py' },
  { written: 'GR 23456780', vat: 'EL023456780', typo: 'EL023456781', source: 'python-stdnum gr/vat.py (8 digits, GR prefix)' },
  { written: 'ES Q2826000H', vat: 'ESQ2826000H', typo: 'ESQ2826001H', source: 'Agencia Tributaria, its own NIF' },
  { written: 'ES B-58378431', vat: 'ESB58378431', typo: 'ESB58378432', source: 'python-stdnum es/nif.py (CIF)' },
  { written: 'ES 54362315K', vat: 'ES54362315K', typo: 'ES54362316K', source: 'python-stdnum es/nif.py (DNI)' },
  { written: 'ES X-5253868-R', vat: 'ESX5253868R', typo: 'ESX5253869R', source: 'python-stdnum es/nif.py (NIE)' },
  { written: 'ES M-1234567-L', vat: 'ESM1234567L', typo: 'ESM1234568L', source: 'python-stdnum es/nif.py (M)' },
  { written: 'ES J99216582', vat: 'ESJ99216582', typo: 'ESJ99216583', source: 'python-stdnum es/cif.py' },
  { written: 'FI 20774740', vat: 'FI20774740', typo: 'FI20774741', source: 'python-stdnum fi/alv.py' },
  { written: 'Fr 40 303 265 045', vat: 'FR40303265045', typo: 'FR40303265046', source: 'python-stdnum fr/tva.py' },
  { written: 'FR K7399859412', vat: 'FRK7399859412', typo: 'FRK7399859413', source: 'python-stdnum fr/tva.py (new-style key)' },
  { written: 'FR 4Z123456782', vat: 'FR4Z123456782', typo: 'FR4Z123456783', source: 'python-stdnum fr/tva.py (new-style key)' },
  { written: 'HR 33392005961', vat: 'HR33392005961', typo: 'HR33392005962', source: 'python-stdnum hr/oib.py' },
  { written: 'HU-12892312', vat: 'HU12892312', typo: 'HU12892313', source: 'python-stdnum hu/anum.py' },
  { written: 'IE 6433435F', vat: 'IE6433435F', typo: 'IE6433436F', source: 'python-stdnum ie/vat.py' },
  { written: 'IE 6433435OA', vat: 'IE6433435OA', typo: 'IE6433436OA', source: 'python-stdnum ie/vat.py (two letters)' },
  { written: 'IE 8D79739I', vat: 'IE8D79739I', typo: 'IE8D79730I', source: 'python-stdnum ie/vat.py (old style)' },
  { written: 'IT 00743110157', vat: 'IT00743110157', typo: 'IT00743110158', source: 'python-stdnum it/iva.py' },
  { written: 'IT 06363391001', vat: 'IT06363391001', typo: 'IT06363391002', source: 'Agenzia delle Entrate, its own partita IVA' },
  { written: 'LT 119511515', vat: 'LT119511515', typo: 'LT119511516', source: 'python-stdnum lt/pvm.py' },
  { written: 'LT 100001919017', vat: 'LT100001919017', typo: 'LT100001919018', source: 'python-stdnum lt/pvm.py (12 digits)' },
  { written: 'LU 150 274 42', vat: 'LU15027442', typo: 'LU15027443', source: 'python-stdnum lu/tva.py' },
  { written: 'LV 4000 3521 600', vat: 'LV40003521600', typo: 'LV40003521601', source: 'python-stdnum lv/pvn.py (legal entity)' },
  { written: 'LV 161175-19997', vat: 'LV16117519997', typo: 'LV16117519998', source: 'python-stdnum lv/pvn.py (natural person)' },
  { written: 'MT 1167-9112', vat: 'MT11679112', typo: 'MT11679113', source: 'python-stdnum mt/vat.py' },
  { written: 'NL004495445B01', vat: 'NL004495445B01', typo: 'NL004495446B01', source: 'python-stdnum nl/btw.py (elfproef)' },
  { written: 'NL 4495445B01', vat: 'NL004495445B01', typo: 'NL004495446B01', source: 'python-stdnum nl/btw.py (leading zeros left out)' },
  { written: 'NL002455799B11', vat: 'NL002455799B11', typo: 'NL002455799B12', source: 'python-stdnum nl/btw.py (mod 97)' },
  { written: 'NL000099998B57', vat: 'NL000099998B57', typo: 'NL000099998B58', source: 'Belastingdienst, example btw-id (mod 97, 2020)' },
  { written: 'PL 8567346215', vat: 'PL8567346215', typo: 'PL8567346216', source: 'python-stdnum pl/nip.py' },
  { written: 'PT 501 964 843', vat: 'PT501964843', typo: 'PT501964844', source: 'python-stdnum pt/nif.py' },
  { written: 'RO 185 472 90', vat: 'RO18547290', typo: 'RO18547291', source: 'python-stdnum ro/cf.py' },
  { written: 'RO 1630615123457', vat: 'RO1630615123457', typo: 'RO1630615123458', source: 'python-stdnum ro/cnp.py (13-digit CNP)' },
  { written: 'SE 123456789701', vat: 'SE123456789701', typo: 'SE123456789801', source: 'python-stdnum se/vat.py' },
  { written: 'SI 5022 3054', vat: 'SI50223054', typo: 'SI50223055', source: 'python-stdnum si/ddv.py' },
  { written: 'SK 202 274 96 19', vat: 'SK2022749619', typo: 'SK2022749610', source: 'python-stdnum sk/dph.py' },
  { written: 'XI 980 7806 84', vat: 'XI980780684', typo: 'XI980780685', source: 'python-stdnum gb/vat.py, UK rule with the XI prefix' },
  { written: 'XI340804329', vat: 'XI340804329', typo: 'XI340804320', source: 'python-stdnum gb/vat.py ("9755" scheme), XI prefix' },
  { written: 'XI 980 7806 84 001', vat: 'XI980780684001', typo: 'XI980780685001', source: 'python-stdnum gb/vat.py (branch trader), XI prefix' },
];

const PREFIXES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT',
  'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI',
];

describe('normaliseVat', () => {
  describe('per member state', () => {
    it('has valid numbers and typos for the 27 member states and Northern Ireland', () => {
      expect([...new Set(STATES.map((c) => c.vat.slice(0, 2)))].sort()).to.deep.equal(PREFIXES);
    });

    for (const { written, vat, source } of STATES) {
      it(`accepts ${written} as ${vat} (${source})`, () => {
        expect(normaliseVat(written)).to.deep.equal({ status: 'valid', vat, country: vat.slice(0, 2), number: vat.slice(2) });
      });
    }

    for (const { vat, typo } of STATES) {
      it(`reports ${typo}, ${vat} with one digit changed, as failing its checksum`, () => {
        expect(normaliseVat(typo)).to.deep.include({ status: 'invalid', raw: typo, reason: 'checksum' });
      });
    }

    it('names the check that failed', () => {
      expect(normaliseVat('NL004495446B01')).to.deep.include({ problem: 'The check digits of this NL VAT number are wrong (elfproef or MOD 97-10).' });
    });
  });

  describe('forgiving spellings', () => {
    for (const vat of new Set(STATES.map((c) => c.vat))) {
      const prefix = vat.slice(0, 2);
      const national = vat.slice(2);
      const spelled = `${prefix.toLowerCase()}-${national.replace(/(.{3})(?=.)/g, '$1.')}`;
      it(`reads ${spelled}, BOB's ${prefix} + ${national} and ${national} in ${prefix} as ${vat}`, () => {
        expect(normaliseVat(spelled)).to.include({ status: 'valid', vat });
        expect(bobVat(prefix.toLowerCase(), ` ${national} `)).to.include({ status: 'valid', vat });
        expect(normaliseVat(national, prefix === 'EL' ? 'GR' : prefix)).to.include({ status: 'valid', vat });
      });
    }
  });

  const belgian: Array<[string, string]> = [
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
  for (const [raw, vat] of belgian) {
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

  const invalidBelgian: Array<[string, VatReason, RegExp]> = [
    ['BE0403019262', 'checksum', /check digits/],
    ['BE431150351', 'checksum', /check digits/],
    ['1234567890', 'checksum', /check digits/],
    ['0000000097', 'checksum', /check digits/],
    ['2403019261', 'format', /starts with 0 or 1/],
    ['BE04030X9261', 'format', /digits only/],
    ['BE12345678', 'length', /10 digits; this one has 8/],
    ['BE04030192611', 'length', /10 digits; this one has 11/],
    ['BE', 'length', /no number/],
  ];
  for (const [raw, reason, problem] of invalidBelgian) {
    it(`reports "${raw}" as invalid: ${reason}`, () => {
      const result = normaliseVat(raw);
      expect(result).to.deep.include({ status: 'invalid', raw: raw.trim(), reason });
      if (result.status === 'invalid') expect(result.problem).to.match(problem);
    });
  }

  // One number per prefix with a character too many or too few (lengths the state does not use).
  const wrongLength = [
    'ATU1358562', 'BE40301926', 'BG17507475', 'CY1025903P', 'CZ2512389', 'DE13669597', 'DK1358562', 'EE10093155', 'EL0942592',
    'ESB5837843', 'FI2077474', 'FR4030326504', 'HR3339200596', 'HU1289231', 'IE643343F', 'IT0074311015', 'LT1195115151',
    'LU1502744', 'LV4000352160', 'MT1167911', 'NL004495445B1', 'PL856734621', 'PT50196484', 'RO18547290123', 'SE1234567897',
    'SI5022305', 'SK202274961', 'XI98078068',
  ];
  it('has a wrong length for every prefix', () => {
    expect(wrongLength.map((raw) => raw.slice(0, 2)).sort()).to.deep.equal(PREFIXES);
  });
  for (const raw of wrongLength) {
    it(`reports ${raw} as having the wrong length, naming what is expected`, () => {
      const result = normaliseVat(raw);
      expect(result).to.deep.include({ status: 'invalid', reason: 'length' });
      if (result.status === 'invalid') expect(result.problem).to.match(new RegExp(`^A (Belgian|${raw.slice(0, 2)}) VAT number (is|has) `));
    });
  }

  const wrongFormat: Array<[string, RegExp]> = [
    ['ATX13585627', /U followed by 8 digits/],
    ['DE036695976', /never starts with 0/],
    ['NL004495445X01', /9 digits, B and 2 digits/],
    ['NL004495445B00', /B00/],
    ['FRI0303265045', /other than I and O/],
    ['CY12000000A', /never starts with 12/],
    ['ESI1234567L', /does not start with I/],
    ['ES543623150', /ends in a letter/],
    ['LT119511525', /1 as its 8th digit/],
    ['SE123456789702', /ends in 01/],
    ['RO0185472', /never starts with 0/],
    ['RO1631315123457', /birth date/],
    ['LV16137519997', /birth date/],
    ['CZ5413011239', /birth date/],
    ['IT00000000000', /seven zeros/],
    ['XIGD500', /GD \+ 000–499/],
  ];
  for (const [raw, problem] of wrongFormat) {
    it(`reports ${raw} as having the wrong format`, () => {
      const result = normaliseVat(raw);
      expect(result).to.deep.include({ status: 'invalid', reason: 'format' });
      if (result.status === 'invalid') expect(result.problem).to.match(problem);
    });
  }

  const unknownPrefixes: Array<[string, RegExp]> = [
    ['CHE-123.456.789', /CH is not the VAT prefix of an EU country/],
    ['GB980780684', /GB is not the VAT prefix of an EU country/],
    ['NO 974760673 MVA', /NO is not the VAT prefix/],
    ['EU372000041', /EU is not the VAT prefix/],
    ['EX12345', /outside the EU/],
  ];
  for (const [raw, problem] of unknownPrefixes) {
    it(`reports "${raw}" as having an unknown country prefix`, () => {
      const result = normaliseVat(raw);
      expect(result).to.deep.include({ status: 'invalid', raw, reason: 'unknown-prefix' });
      if (result.status === 'invalid') expect(result.problem).to.match(problem);
    });
  }

  it('accepts Northern Irish numbers of government departments (GD 000–499) and health authorities (HA 500–999)', () => {
    expect(normaliseVat('xi gd001')).to.include({ status: 'valid', vat: 'XIGD001' });
    expect(normaliseVat('XI HA 500')).to.include({ status: 'valid', vat: 'XIHA500' });
    expect(normaliseVat('XIHA499')).to.include({ status: 'invalid', reason: 'format' });
  });

  it('accepts a 13-digit Romanian personal numeric code, and 2 to 10 digits, but not 11 or 12', () => {
    expect(normaliseVat('RO1630615123457')).to.include({ status: 'valid' });
    expect(normaliseVat('RO 19')).to.include({ status: 'valid', vat: 'RO19' });
    expect(normaliseVat('RO16306151234')).to.include({ status: 'invalid', reason: 'length' });
  });

  it('accepts the new-style French keys, with letters other than I and O', () => {
    expect(normaliseVat('FRK7399859412')).to.include({ status: 'valid' });
    expect(normaliseVat('FRK7399859413')).to.include({ reason: 'checksum' });
  });

  it('checks the SIREN of a French number (Luhn) except for Monaco (000…)', () => {
    // 40 303 265 045 with the SIREN's last digit changed and the key made to fit: only Luhn fails.
    expect(normaliseVat('FR43303265046')).to.include({ reason: 'checksum' });
    expect(normaliseVat('FR15000000001')).to.include({ status: 'valid' });
  });

  it('accepts a Dutch number by the elfproef or by mod 97 of NL + the number', () => {
    expect(normaliseVat('NL004495445B01')).to.include({ status: 'valid' }); // elfproef
    expect(normaliseVat('NL000099998B57')).to.include({ status: 'valid' }); // mod 97 only
    expect(normaliseVat('NL000099998B58')).to.include({ reason: 'checksum' });
  });

  it('gives empty for blank or punctuation-only input', () => {
    for (const raw of ['', '   ', '-', ' . ']) expect(normaliseVat(raw)).to.deep.equal({ status: 'empty' });
  });

  it('reads a number without prefix in the country of the hint', () => {
    expect(normaliseVat('004495445B01', 'NL')).to.include({ status: 'valid', vat: 'NL004495445B01' });
    expect(normaliseVat('150 274 42', 'lu')).to.include({ status: 'valid', vat: 'LU15027442' });
    expect(normaliseVat('094259216', 'GR')).to.include({ status: 'valid', vat: 'EL094259216' });
    expect(normaliseVat('AT123456949', 'FR')).to.include({ status: 'invalid', reason: 'format' }); // read as Austrian
  });

  it('reads a number without prefix as Belgian when the hint is Belgium or not an EU country', () => {
    expect(normaliseVat('0403019261', 'BE')).to.include({ vat: 'BE0403019261' });
    expect(normaliseVat('0403019261', 'CH')).to.include({ vat: 'BE0403019261' });
    expect(normaliseVat('0403019261', '')).to.include({ vat: 'BE0403019261' });
  });

  it('checks a number without prefix with the rule of the hint', () => {
    expect(normaliseVat('15027443', 'LU')).to.deep.include({ status: 'invalid', raw: '15027443', reason: 'checksum' });
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
    ['GR', '094259216', 'EL094259216'],
    ['NL', '004495445B01', 'NL004495445B01'],
    ['RO', '1630615123457', 'RO1630615123457'],
    // A French key that happens to be an EU prefix (AT; computed with the rule).
    ['FR', 'AT123456949', 'FRAT123456949'],
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
    expect(result).to.deep.include({ status: 'invalid', raw: 'EX123-456-789', reason: 'unknown-prefix' });
    if (result.status === 'invalid') expect(result.problem).to.match(/outside the EU/);
  });

  it('reports another non-EU prefix as not matchable', () => {
    expect(bobVat('CH', '123456789')).to.include({ status: 'invalid', reason: 'unknown-prefix' });
  });

  it('reports an invalid number with the combined raw value and the reason', () => {
    expect(bobVat('BE', '0403019262')).to.deep.include({ status: 'invalid', raw: 'BE0403019262', reason: 'checksum' });
    expect(bobVat('DE', '136695977')).to.deep.include({ status: 'invalid', raw: 'DE136695977', reason: 'checksum' });
    expect(bobVat('LU', '1502744')).to.deep.include({ status: 'invalid', raw: 'LU1502744', reason: 'length' });
  });

  it('uses the country hint only when CVATREF is empty', () => {
    expect(bobVat('', '15027442', 'LU')).to.include({ vat: 'LU15027442' });
    expect(bobVat('BE', '0403019261', 'LU')).to.include({ vat: 'BE0403019261' });
  });
});

describe('formatBelgianVat', () => {
  it('writes a Belgian number with dots', () => {
    expect(formatBelgianVat('0403019261')).to.equal('BE 0403.019.261');
  });

  it('returns other input unchanged', () => {
    expect(formatBelgianVat('NL004495445B01')).to.equal('NL004495445B01');
    expect(formatBelgianVat('BE0403019262')).to.equal('BE0403019262');
  });
});

describe('partyVat', () => {
  it('reads CVATREF and CVATNO with the country as hint', () => {
    expect(partyVat(aBobCustomer({ vatRef: '', vatNo: '15027442', country: 'LU' }))).to.include({ vat: 'LU15027442' });
    expect(partyVat(aBobCustomer({ vatRef: 'BE', vatNo: '403019261', country: 'LU' }))).to.include({ vat: 'BE0403019261' });
  });
});

describe('companyVat', () => {
  it('reads the VAT number with the address country, named or coded, as hint', () => {
    expect(companyVat(aCrmCompany({ vat: '004495445B01', address: { country: 'Nederland' } }))).to.include({ vat: 'NL004495445B01' });
    expect(companyVat(aCrmCompany({ vat: '1630615123457', address: { country: 'RO' } }))).to.include({ vat: 'RO1630615123457' });
    expect(companyVat(aCrmCompany({ vat: '0403019261', address: null }))).to.include({ vat: 'BE0403019261' });
  });
});
