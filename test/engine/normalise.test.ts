import { expect } from 'chai';
import {
  barePostcode,
  foldAccents,
  nameSimilarity,
  nameTokens,
  normaliseCountry,
  normaliseEmail,
  normaliseLanguage,
  normalisePhone,
  normaliseText,
  normaliseWebsite,
  postcodeKey,
} from '../../src/engine/normalise.js';

/** Asserts that every value in the group has the same key, and that the key is not empty. */
function expectSameKey(key: (value: string) => string, group: string[]): void {
  const keys = group.map(key);
  expect(keys[0]).to.not.equal('');
  expect(new Set(keys).size, `${group.join(' | ')} → ${keys.join(' | ')}`).to.equal(1);
}

describe('normaliseText', () => {
  it('ignores case and spacing', () => {
    expectSameKey(normaliseText, ['Acme  Trading', ' ACME TRADING ', 'acme\u00a0trading', 'Acme\tTrading']);
  });

  it('keeps accents and words significant', () => {
    expect(normaliseText('Café')).to.not.equal(normaliseText('Cafe'));
    expect(normaliseText('Rue de la Loi 16')).to.not.equal(normaliseText('Rue de la Loi 18'));
  });
});

describe('barePostcode', () => {
  const cases: Array<[string, string]> = [
    ['BE1050', '1050'],
    ['BE-1050', '1050'],
    ['B-1050', '1050'],
    ['BE 1050', '1050'],
    [' 1050 ', '1050'],
    ['1050', '1050'],
    ['L-1150', '1150'],
    ['CH 45177', '45177'],
    ['NL-1234 AB', '1234 AB'],
    ['D-52062', '52062'],
    ['B1 1AA', 'B1 1AA'],
    ['NE1 4ST', 'NE1 4ST'],
    ['', ''],
  ];
  for (const [raw, bare] of cases) {
    it(`reads "${raw}" as "${bare}"`, () => {
      expect(barePostcode(raw)).to.equal(bare);
    });
  }
});

describe('postcodeKey', () => {
  it('makes country-prefixed and bare postcodes equal', () => {
    expectSameKey(postcodeKey, ['BE1050', 'BE-1050', 'B-1050', '1050', 'b 1050']);
    expectSameKey(postcodeKey, ['1234 AB', '1234AB', 'NL-1234 AB']);
  });

  it('keeps different postcodes apart', () => {
    expect(postcodeKey('BE1050')).to.not.equal(postcodeKey('1000'));
  });
});

describe('normaliseLanguage', () => {
  const cases: Array<[string, string]> = [
    ['N', 'nl'], ['nl', 'nl'], ['nl-BE', 'nl'], ['Nederlands', 'nl'],
    ['F', 'fr'], ['FR', 'fr'], ['fr_BE', 'fr'], ['Français', 'fr'],
    ['E', 'en'], ['en', 'en'], ['D', 'de'], ['de', 'de'],
    ['', ''], ['X', 'x'],
  ];
  for (const [raw, code] of cases) {
    it(`reads "${raw}" as "${code}"`, () => {
      expect(normaliseLanguage(raw)).to.equal(code);
    });
  }
});

describe('normalisePhone', () => {
  it('makes Belgian spellings of one number equal', () => {
    expectSameKey(normalisePhone, ['02/758.25.69', '+32 2 758 25 69', '0032 2 7582569', '+32 (0)2 758 25 69', '02 758 25 69']);
  });

  it('keeps foreign numbers in international form', () => {
    expect(normalisePhone('00352/959786')).to.equal('00352959786');
    expect(normalisePhone('+352 959 786')).to.equal('00352959786');
  });

  it('keeps different numbers apart', () => {
    expect(normalisePhone('02/758.25.69')).to.not.equal(normalisePhone('02/758.25.70'));
  });

  it('gives empty for a value without digits', () => {
    expect(normalisePhone(' - ')).to.equal('');
  });
});

describe('normaliseWebsite', () => {
  it('ignores scheme, www, trailing slash and case', () => {
    expectSameKey(normaliseWebsite, ['http://www.acme.be/', 'https://acme.be', 'www.acme.be', 'ACME.BE', 'acme.be//']);
  });

  it('keeps paths significant', () => {
    expect(normaliseWebsite('acme.be/nl')).to.not.equal(normaliseWebsite('acme.be'));
  });
});

describe('normaliseEmail', () => {
  it('ignores case, spacing and mailto:', () => {
    expectSameKey(normaliseEmail, ['Info@Acme.be', ' info@acme.be ', 'mailto:INFO@ACME.BE']);
  });
});

describe('normaliseCountry', () => {
  it('reads codes and names of a country as one code', () => {
    expectSameKey(normaliseCountry, ['BE', 'be', 'Belgium', 'België', 'Belgique', 'B']);
    expect(normaliseCountry('Nederland')).to.equal('NL');
    expect(normaliseCountry('ch')).to.equal('CH');
  });
});

describe('foldAccents', () => {
  it('removes accents and folds special letters', () => {
    expect(foldAccents('Émile Brûlé Straße Ørsted')).to.equal('Emile Brule Strasse Orsted');
  });
});

describe('nameTokens', () => {
  it('drops legal forms written with or without dots', () => {
    expect(nameTokens('Acme N.V.')).to.deep.equal(['ACME']);
    expect(nameTokens('B.V.B.A. Janssens & Zonen')).to.deep.equal(['JANSSENS', 'ZONEN']);
    expect(nameTokens('Comm. V. Peeters')).to.deep.equal(['PEETERS']);
    expect(nameTokens('Comm.VA Peeters')).to.deep.equal(['PEETERS']);
    expect(nameTokens('Société Générale SA')).to.deep.equal(['SOCIETE', 'GENERALE']);
  });

  it('keeps the words of a name made of legal forms only', () => {
    expect(nameTokens('S.A.')).to.deep.equal(['SA']);
  });
});

describe('nameSimilarity', () => {
  it('is 1 for names equal but for legal form, punctuation, accents and case', () => {
    expect(nameSimilarity('Brasserie Émile NV', 'BRASSERIE EMILE')).to.equal(1);
    expect(nameSimilarity('Van den Berg BVBA', 'Vandenberg')).to.equal(1);
  });

  it('is 1 for the same words in another order', () => {
    expect(nameSimilarity('Peeters Jan', 'Jan Peeters')).to.equal(1);
  });

  it('is the share of common words among all words', () => {
    expect(nameSimilarity('Acme Trading', 'Acme')).to.equal(0.5);
    expect(nameSimilarity('Bakkerij Jan Peeters Zonen Gent', 'Bakkerij Jan Peeters Zonen')).to.equal(0.8);
    expect(nameSimilarity('Acme', 'Globex')).to.equal(0);
  });
});

describe('fast paths of the normalisers', () => {
  // The definitions the fast paths must agree with, on every kind of input.
  const fullText = (v: string): string => v.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase();
  const fullFold = (v: string): string =>
    v
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .replace(/[ßæœøłđıÆŒØŁĐ]/g, (c) => ({ ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', Æ: 'AE', Œ: 'OE', Ø: 'O', Ł: 'L', Đ: 'D' })[c] ?? c);
  const pieces = ['Acme', 'NV', 'Émile', 'Brûlé', 'e\u0301', 'Straße', 'Œuvre', ' ', '  ', '\t', '\u00a0', '\u0085', '\u2009', '\n', 'ß', 'ÿ', '1050', 'BE', '-', 'İ', '\u00c5', 'A\u030a', '.', "'"];
  // Every sequence of up to three pieces, with and without surrounding spaces.
  const samples: string[] = [''];
  for (const a of pieces) {
    samples.push(a, ` ${a} `);
    for (const b of pieces) {
      samples.push(a + b);
      for (const c of pieces) samples.push(a + b + c);
    }
  }

  it('normaliseText gives what NFC, collapsed whitespace, trim and lower case give', () => {
    for (const sample of samples) expect(normaliseText(sample), JSON.stringify(sample)).to.equal(fullText(sample));
  });

  it('foldAccents gives what NFD without marks and the folds give', () => {
    for (const sample of samples) expect(foldAccents(sample), JSON.stringify(sample)).to.equal(fullFold(sample));
  });

  it('barePostcode gives the same on plain and on spaced-out spellings', () => {
    for (const sample of samples) expect(barePostcode(sample), JSON.stringify(sample)).to.equal(barePostcode(` ${sample}\t`));
  });

  it('normaliseCountry gives the same answer the second time (remembered spellings)', () => {
    for (const sample of ['Belgique', ' belgië ', 'Pays-Bas', 'XX', '']) expect(normaliseCountry(sample)).to.equal(normaliseCountry(sample));
    expect(normaliseCountry(' belgië ')).to.equal('BE');
  });
});
