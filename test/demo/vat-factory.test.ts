import { expect } from 'chai';
import { Random } from '../../src/demo/random.js';
import { normaliseVat } from '../../src/engine/vat.js';
import { corruptBelgianVat, spellBelgianVat, spellForeignVat, VatFactory } from '../../src/demo/vat-factory.js';
import { belgianDigits, passesMod97, validForeign } from './vat-checks.js';

describe('VatFactory', () => {
  it('issues unique Belgian numbers that pass mod 97, from both series', () => {
    const factory = new VatFactory(new Random(1));
    const seen = new Set<string>();
    let series1 = 0;
    let check97 = 0;
    for (let i = 0; i < 50_000; i++) {
      const vat = factory.belgian();
      expect(vat.country).to.equal('BE');
      expect(vat.national).to.match(/^[01]\d{9}$/);
      expect(passesMod97(vat.national), vat.national).to.equal(true);
      seen.add(vat.national);
      if (vat.national.startsWith('1')) series1++;
      if (vat.national.endsWith('97')) check97++;
    }
    expect(seen.size).to.equal(50_000);
    expect(series1 / 50_000).to.be.within(0.07, 0.13);
    // a multiple of 97 gets check digits 97, never 00
    expect(check97).to.be.above(0);
  });

  it('issues the series asked for', () => {
    const factory = new VatFactory(new Random(2));
    expect(factory.belgian(1).national[0]).to.equal('1');
    expect(factory.belgian(0).national[0]).to.equal('0');
  });

  for (const country of ['NL', 'FR', 'LU', 'DE'] as const) {
    it(`issues unique ${country} numbers that pass the ${country} check`, () => {
      const factory = new VatFactory(new Random(3));
      const seen = new Set<string>();
      for (let i = 0; i < 2_000; i++) {
        const vat = factory.foreign(country);
        expect(vat.country).to.equal(country);
        expect(validForeign(country, vat.national), vat.national).to.equal(true);
        seen.add(vat.national);
      }
      expect(seen.size).to.equal(2_000);
    });
  }

  it("issues numbers the engine's VAT check accepts, in every spelling the demo writes", () => {
    const factory = new VatFactory(new Random(5));
    for (let i = 0; i < 500; i++) {
      for (const vat of [factory.belgian(), ...(['NL', 'FR', 'LU', 'DE'] as const).map((country) => factory.foreign(country))]) {
        const spellings = vat.country === 'BE' ? [spellBelgianVat(vat.national, 'dotted')] : [spellForeignVat(vat, false), spellForeignVat(vat, true)];
        for (const written of spellings) expect(normaliseVat(written), written).to.include({ status: 'valid', vat: vat.country + vat.national });
      }
    }
  });

  it('gives other numbers for another seed', () => {
    expect(new VatFactory(new Random(1)).belgian()).not.to.deep.equal(new VatFactory(new Random(2)).belgian());
  });
});

describe('corruptBelgianVat', () => {
  it('keeps the first 8 digits and breaks the check digits', () => {
    const rng = new Random(4);
    const factory = new VatFactory(rng);
    for (let i = 0; i < 1_000; i++) {
      const vat = factory.belgian();
      const typo = corruptBelgianVat(vat, rng);
      expect(typo.national.slice(0, 8)).to.equal(vat.national.slice(0, 8));
      expect(typo.national).to.match(/^\d{10}$/);
      expect(passesMod97(typo.national), typo.national).to.equal(false);
    }
  });
});

describe('spellBelgianVat', () => {
  const cases: Array<[Parameters<typeof spellBelgianVat>[1], string]> = [
    ['plain', '0403019261'],
    ['dotted', '0403.019.261'],
    ['old9', '403019261'],
    ['spaced', '0403 019 261'],
    ['prefixed', 'BE0403019261'],
    ['prefixed-dotted', 'BE 0403.019.261'],
    ['prefixed-spaced', 'BE 0403 019 261'],
    ['prefixed-old9', 'BE403019261'],
    ['lower-dashed', 'be0403-019-261'],
  ];
  for (const [spelling, expected] of cases) {
    it(`writes 0403019261 as ${expected} (${spelling})`, () => {
      expect(spellBelgianVat('0403019261', spelling)).to.equal(expected);
      expect(belgianDigits(expected)).to.equal('0403019261');
    });
  }

  it('writes no 9-digit form for the 1-series', () => {
    expect(spellBelgianVat('1000000021', 'old9')).to.equal('1000000021');
    expect(spellBelgianVat('1000000021', 'prefixed-old9')).to.equal('BE1000000021');
  });
});

describe('spellForeignVat', () => {
  it('writes the prefix compact or with the usual spaces', () => {
    expect(spellForeignVat({ country: 'NL', national: '123456782B01' }, false)).to.equal('NL123456782B01');
    expect(spellForeignVat({ country: 'NL', national: '123456782B01' }, true)).to.equal('NL 123456782 B01');
    expect(spellForeignVat({ country: 'DE', national: '136695976' }, true)).to.equal('DE 136 695 976');
  });
});
