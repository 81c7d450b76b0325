import { expect } from 'chai';
import {
  checkDemoOptions, DEMO_DEFAULTS, generateDemoData, MAX_DEMO_CUSTOMERS, type DemoData,
} from '../../src/demo/generate-demo-data.js';
import type { BobThirdParty, CrmCompany } from '../../src/engine/model.js';
import { isBobsyncError } from '../../src/errors.js';
import { belgianDigits, passesMod97, validForeign } from './vat-checks.js';

/** The VAT of a BOB third party as 10 Belgian digits, or `XX<number>` for a foreign one, or ''. */
function bobKey(party: BobThirdParty): string {
  if (party.vatNo === '') return '';
  if (party.vatRef !== 'BE') return party.vatRef + party.vatNo;
  return belgianDigits(party.vatNo) ?? `?${party.vatNo}`;
}

function crmKey(company: CrmCompany): string {
  if (company.vat === '') return '';
  const compact = company.vat.toUpperCase().replace(/\s/g, '');
  if (/^(NL|FR|LU|DE)/.test(compact)) return compact;
  return belgianDigits(company.vat) ?? `?${company.vat}`;
}

const digitsOf = (phone: string): string => phone.replace(/\D/g, '').replace(/^(00)?32|^0/, '');
const barePostcode = (postcode: string): string => postcode.replace(/^[A-Z]{2}-?/, '');

/** Pairs of a BOB customer and a CRM company sharing its VAT number (in whatever spelling). */
function vatPairs(data: DemoData): Array<{ bob: BobThirdParty; crm: CrmCompany }> {
  const byVat = new Map<string, CrmCompany[]>();
  for (const company of data.crm.companies) {
    const key = crmKey(company);
    if (key !== '') byVat.set(key, [...(byVat.get(key) ?? []), company]);
  }
  return data.bob.thirdParties
    .filter((party) => party.isCustomer && bobKey(party) !== '')
    .flatMap((bob) => (byVat.get(bobKey(bob)) ?? []).map((crm) => ({ bob, crm })));
}

describe('generateDemoData', () => {
  let data: DemoData;
  before(() => {
    data = generateDemoData({ customers: DEMO_DEFAULTS.customers, seed: DEMO_DEFAULTS.seed });
  });

  const bobById = (id: string): BobThirdParty => data.bob.thirdParties.find((party) => party.id === id)!;
  const crmById = (id: string): CrmCompany => data.crm.companies.find((company) => company.id === id)!;

  describe('determinism', () => {
    it('gives deep-equal data for the same seed', () => {
      expect(generateDemoData({ customers: 300, seed: DEMO_DEFAULTS.seed })).to.deep.equal(data);
    });

    it('gives other data for another seed', () => {
      const other = generateDemoData({ customers: 300, seed: DEMO_DEFAULTS.seed + 1 });
      expect(other.bob.thirdParties.map((party) => party.id)).not.to.deep.equal(data.bob.thirdParties.map((party) => party.id));
      expect(other.crm.companies.map((company) => company.vat)).not.to.deep.equal(data.crm.companies.map((company) => company.vat));
    });
  });

  describe('size', () => {
    for (const customers of [1, 2, 7, 30, 300]) {
      it(`generates exactly ${customers} BOB customers when asked for ${customers}`, () => {
        const generated = customers === 300 ? data : generateDemoData({ customers, seed: 5 });
        expect(generated.bob.thirdParties.filter((party) => party.isCustomer)).to.have.length(customers);
      });
    }

    it('gives about two thirds of the BOB customers a CRM counterpart', () => {
      const linked = new Set(data.mapping.filter((entry) => entry.bobId !== '' && entry.crmId !== '').map((entry) => entry.bobId));
      const paired = new Set(vatPairs(data).map((pair) => pair.bob.id));
      const customers = data.bob.thirdParties.filter((party) => party.isCustomer);
      const withCounterpart = customers.filter((party) => linked.has(party.id) || paired.has(party.id)).length;
      expect(withCounterpart / customers.length).to.be.within(0.55, 0.75);
    });

    it('adds CRM-only companies for about 15% of the customers', () => {
      const bobKeys = new Set(data.bob.thirdParties.map(bobKey).filter((key) => key !== ''));
      const linkedCrm = new Set(data.mapping.map((entry) => entry.crmId));
      const crmOnly = data.crm.companies.filter((company) => !linkedCrm.has(company.id) && !bobKeys.has(crmKey(company)));
      // near-identical names and invalid numbers also count here, hence the wide range
      expect(crmOnly.length / 300).to.be.within(0.1, 0.3);
    });
  });

  describe('integrity', () => {
    it('gives unique BOB codes of at most 10 characters A-Z0-9', () => {
      const ids = data.bob.thirdParties.map((party) => party.id);
      for (const id of ids) expect(id).to.match(/^[A-Z0-9]{1,10}$/);
      expect(new Set(ids).size).to.equal(ids.length);
    });

    it('keeps BOB names within the 40 characters of CNAME1', () => {
      for (const party of data.bob.thirdParties) expect(party.name.length).to.be.at.most(40);
    });

    it('gives unique CRM company, address, person and contact ids', () => {
      const unique = (values: string[]): boolean => new Set(values).size === values.length;
      expect(unique(data.crm.companies.map((company) => company.id))).to.equal(true);
      expect(unique(data.crm.companies.flatMap((company) => (company.address === null ? [] : [company.address.id])))).to.equal(true);
      expect(unique(data.crm.persons.map((person) => person.id))).to.equal(true);
      expect(unique(data.bob.contacts.map((contact) => contact.id))).to.equal(true);
      for (const id of data.crm.companies.map((company) => company.id)) expect(id).to.match(/^\d+$/);
    });

    it('points every contact, person and mapping entry at a record that exists', () => {
      const bobIds = new Set(data.bob.thirdParties.map((party) => party.id));
      const crmIds = new Set(data.crm.companies.map((company) => company.id));
      for (const contact of data.bob.contacts) expect(bobIds.has(contact.companyId), contact.companyId).to.equal(true);
      for (const person of data.crm.persons) expect(crmIds.has(person.companyId), person.companyId).to.equal(true);
      for (const entry of data.mapping) {
        expect(entry.bobId !== '' || entry.crmId !== '').to.equal(true);
        if (entry.bobId !== '') expect(bobIds.has(entry.bobId), entry.bobId).to.equal(true);
        if (entry.crmId !== '') expect(crmIds.has(entry.crmId), entry.crmId).to.equal(true);
      }
    });

    it('declares the personal fields of the configuration on every BOB record', () => {
      expect(data.personalFields.map((field) => field.column)).to.deep.equal(['XSECTOR', 'XACCMGR', 'XREGION']);
      for (const party of data.bob.thirdParties) expect(Object.keys(party.personal).sort()).to.deep.equal(['XACCMGR', 'XREGION', 'XSECTOR']);
    });

    it('fills only declared custom fields on CRM companies', () => {
      const declared = new Set(data.crm.fields.map((field) => field.name));
      for (const company of data.crm.companies) for (const name of Object.keys(company.custom)) expect(declared.has(name), name).to.equal(true);
    });
  });

  describe('VAT numbers', () => {
    const belgian = (): string[] => [
      ...data.bob.thirdParties.filter((party) => party.vatRef === 'BE' && party.vatNo !== '').map((party) => party.vatNo),
      ...data.crm.companies.map((company) => company.vat).filter((vat) => vat !== '' && !/^(NL|FR|LU|DE)/i.test(vat)),
    ];

    it('writes every Belgian number as 10 digits once separators, prefix and the old 9-digit form are undone', () => {
      for (const vat of belgian()) expect(belgianDigits(vat), vat).not.to.equal(null);
    });

    it('makes all Belgian numbers pass mod 97 except a few deliberate typos', () => {
      const numbers = belgian().map((vat) => belgianDigits(vat)!);
      const invalid = numbers.filter((digits) => !passesMod97(digits));
      expect(invalid.length).to.be.above(0);
      expect(invalid.length / numbers.length).to.be.below(0.05);
    });

    it('uses both the 0-series and the 1-series', () => {
      const numbers = belgian().map((vat) => belgianDigits(vat)!).filter(passesMod97);
      const series1 = numbers.filter((digits) => digits.startsWith('1')).length;
      expect(series1).to.be.above(0);
      expect(series1 / numbers.length).to.be.within(0.03, 0.25);
    });

    it('has foreign EU customers with NL, FR, LU and DE numbers that pass their checks', () => {
      const foreign = data.bob.thirdParties.filter((party) => party.isCustomer && ['NL', 'FR', 'LU', 'DE'].includes(party.vatRef));
      expect([...new Set(foreign.map((party) => party.vatRef))].sort()).to.deep.equal(['DE', 'FR', 'LU', 'NL']);
      for (const party of foreign) {
        expect(validForeign(party.vatRef, party.vatNo), `${party.vatRef}${party.vatNo}`).to.equal(true);
        expect(party.country).to.equal(party.vatRef);
      }
    });

    it('spells BOB numbers as 10 digits, with dots, with spaces and in the old 9-digit form', () => {
      const spellings = data.bob.thirdParties.filter((party) => party.vatRef === 'BE').map((party) => party.vatNo);
      for (const pattern of [/^\d{10}$/, /^\d{4}\.\d{3}\.\d{3}$/, /^\d{4} \d{3} \d{3}$/, /^\d{9}$/]) {
        expect(spellings.some((vat) => pattern.test(vat)), String(pattern)).to.equal(true);
      }
    });

    it('matches BOB customers to CRM companies by numbers written in other spellings', () => {
      const crmSpellings = vatPairs(data).filter((pair) => pair.bob.vatRef === 'BE').map((pair) => pair.crm.vat);
      for (const pattern of [/^BE \d{4}\.\d{3}\.\d{3}$/, /^\d{10}$/, /^\d{9}$/, /^be\d{4}-\d{3}-\d{3}$/, /^BE\d{10}$/]) {
        expect(crmSpellings.some((vat) => pattern.test(vat)), String(pattern)).to.equal(true);
      }
      const differentlyWritten = vatPairs(data).filter((pair) => pair.crm.vat !== pair.bob.vatRef + pair.bob.vatNo && pair.crm.vat !== pair.bob.vatNo);
      expect(differentlyWritten.length).to.be.above(vatPairs(data).length / 2);
    });

    it('has an invalid number on the BOB side and on the CRM side', () => {
      const invalid = (vat: string): boolean => belgianDigits(vat) !== null && !passesMod97(belgianDigits(vat)!);
      expect(data.bob.thirdParties.some((party) => party.isCustomer && party.vatRef === 'BE' && invalid(party.vatNo))).to.equal(true);
      expect(data.crm.companies.some((company) => company.bobSync && company.type === 'Customer' && invalid(company.vat))).to.equal(true);
    });
  });

  describe('scenarios', () => {
    it('has two CRM companies sharing one VAT number', () => {
      const counts = new Map<string, number>();
      for (const company of data.crm.companies) {
        const key = crmKey(company);
        if (key !== '') counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      expect([...counts.values()].some((count) => count >= 2)).to.equal(true);
    });

    it('has two BOB customers sharing one VAT number', () => {
      const counts = new Map<string, number>();
      for (const party of data.bob.thirdParties.filter((p) => p.isCustomer)) {
        const key = bobKey(party);
        if (key !== '') counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      expect([...counts.values()].some((count) => count >= 2)).to.equal(true);
    });

    it('has CRM customers with a VAT number whose BobSync box is not ticked', () => {
      expect(data.crm.companies.some((company) => company.type === 'Customer' && !company.bobSync && company.vat !== '')).to.equal(true);
    });

    it('has prospects in the CRM', () => {
      expect(data.crm.companies.some((company) => company.type === 'Prospect')).to.equal(true);
    });

    it('has BOB suppliers that are not customers, and customers that are suppliers too', () => {
      expect(data.bob.thirdParties.some((party) => party.isSupplier && !party.isCustomer)).to.equal(true);
      expect(data.bob.thirdParties.some((party) => party.isSupplier && party.isCustomer)).to.equal(true);
    });

    it('has a ticked CRM customer carrying the VAT number of a BOB supplier', () => {
      const supplierKeys = new Set(data.bob.thirdParties.filter((party) => party.isSupplier && !party.isCustomer).map(bobKey));
      expect(data.crm.companies.some((company) => company.bobSync && company.type === 'Customer' && supplierKeys.has(crmKey(company)))).to.equal(true);
    });

    it('has private persons without a VAT number', () => {
      const persons = data.bob.thirdParties.filter((party) => party.isPerson);
      expect(persons.length).to.be.above(0);
      for (const person of persons) expect(person.vatNo).to.equal('');
    });

    it('has a BOB customer without VAT whose near-identical name the CRM holds in the same postcode', () => {
      const found = data.bob.thirdParties.some((party) => party.isCustomer && !party.isPerson && party.vatNo === '' &&
        data.crm.companies.some((company) => {
          if (company.address === null || barePostcode(company.address.postcode) !== barePostcode(party.postcode)) return false;
          const a = party.name.toLowerCase();
          const b = company.name.toLowerCase();
          return a !== b && (b.startsWith(`${a} `) || a.startsWith(`${b} `));
        }));
      expect(found).to.equal(true);
    });

    it('has contact persons on both sides, the same persons on a matched pair', () => {
      expect(data.bob.contacts.length).to.be.above(0);
      expect(data.crm.persons.length).to.be.above(0);
      const shared = vatPairs(data).some(({ bob, crm }) => {
        const contacts = data.bob.contacts.filter((contact) => contact.companyId === bob.id);
        const persons = data.crm.persons.filter((person) => person.companyId === crm.id);
        return contacts.some((contact) => persons.some((person) => person.lastName === contact.lastName && person.firstName === contact.firstName));
      });
      expect(shared).to.equal(true);
    });

    it('declares CRM fields captioned like the Sector and Account manager personal fields, none for Region', () => {
      const captions = new Map(data.crm.fields.map((field) => [field.caption, field.name]));
      expect(captions.get('Sector')).to.equal('comp_sector');
      expect(captions.get('Account manager')).to.equal('comp_accountmanager');
      expect(captions.has('Region')).to.equal(false);
      expect(data.personalFields.find((field) => field.column === 'XREGION')?.label).to.equal('Region');
      expect(data.crm.companies.some((company) => company.custom.comp_sector !== undefined && company.custom.comp_sector !== '')).to.equal(true);
    });

    it('has No sync mapping entries: on a linked pair, on a BOB customer alone and on a CRM company alone', () => {
      const noSync = data.mapping.filter((entry) => entry.noSync);
      expect(noSync.some((entry) => entry.bobId !== '' && entry.crmId !== '')).to.equal(true);
      expect(noSync.some((entry) => entry.bobId !== '' && entry.crmId === '')).to.equal(true);
      expect(noSync.some((entry) => entry.bobId === '' && entry.crmId !== '')).to.equal(true);
    });

    it('has linked pairs without differences and linked pairs with differences', () => {
      const linked = data.mapping.filter((entry) => !entry.noSync && entry.bobId !== '' && entry.crmId !== '');
      const same = (entry: (typeof linked)[number]): boolean => {
        const bob = bobById(entry.bobId);
        const crm = crmById(entry.crmId);
        return bob.name === crm.name && bob.address1 === crm.address?.address1 && bob.postcode === crm.address.postcode &&
          bob.locality === crm.address.city && bob.phone === crm.phone && bob.email === crm.email && bob.website === crm.website &&
          bob.personal.XSECTOR === crm.custom.comp_sector && bob.personal.XACCMGR === crm.custom.comp_accountmanager &&
          crm.bobId === bob.id;
      };
      expect(linked.some(same)).to.equal(true);
      expect(linked.some((entry) => !same(entry))).to.equal(true);
    });

    it('has pairs that differ only in form: name case, BE postcode prefix, phone punctuation', () => {
      const pairs = vatPairs(data);
      expect(pairs.some(({ bob, crm }) => bob.name !== crm.name && bob.name.toLowerCase() === crm.name.toLowerCase())).to.equal(true);
      expect(pairs.some(({ bob, crm }) => bob.postcode === `BE${crm.address?.postcode}`)).to.equal(true);
      expect(pairs.some(({ bob, crm }) => bob.phone !== crm.phone && bob.phone !== '' && digitsOf(bob.phone) === digitsOf(crm.phone))).to.equal(true);
    });

    it('has pairs that really differ: another phone number, another street', () => {
      const pairs = vatPairs(data);
      expect(pairs.some(({ bob, crm }) => bob.phone !== '' && crm.phone !== '' && digitsOf(bob.phone) !== digitsOf(crm.phone))).to.equal(true);
      expect(pairs.some(({ bob, crm }) => crm.address !== null && bob.address1 !== crm.address.address1)).to.equal(true);
    });

    it('has CRM companies that qualify for CRM → BOB: ticked, Customer, valid VAT, unknown to BOB', () => {
      const bobKeys = new Set(data.bob.thirdParties.map(bobKey));
      const mapped = new Set(data.mapping.map((entry) => entry.crmId));
      const qualifying = data.crm.companies.filter((company) => {
        const digits = belgianDigits(company.vat);
        return company.bobSync && company.type === 'Customer' && digits !== null && passesMod97(digits) &&
          !bobKeys.has(digits) && !mapped.has(company.id);
      });
      expect(qualifying.length).to.be.above(0);
    });

    it('writes phone numbers in several Belgian formats', () => {
      const phones = data.bob.thirdParties.map((party) => party.phone);
      for (const pattern of [/^0\d{1,2}\/\d{2,3}\.\d{2}\.\d{2}$/, /^\+32 \d{1,3} /, /^04\d{2} \d{2} \d{2} \d{2}$/]) {
        expect(phones.some((phone) => pattern.test(phone)), String(pattern)).to.equal(true);
      }
    });

    it('gives Flemish places Dutch, Walloon places French', () => {
      const leuven = data.bob.thirdParties.filter((party) => party.postcode.endsWith('3000') && party.country === 'BE');
      const namur = data.bob.thirdParties.filter((party) => party.postcode.endsWith('5000') && party.country === 'BE');
      for (const party of leuven) expect(party.language).to.equal('N');
      for (const party of namur) expect(party.language).to.equal('F');
    });
  });

  describe('scaling', () => {
    it('generates 20,000 customers with unique BOB codes and a CRM of matching size', () => {
      const big = generateDemoData({ customers: 20_000, seed: 9 });
      expect(big.bob.thirdParties.filter((party) => party.isCustomer)).to.have.length(20_000);
      const ids = big.bob.thirdParties.map((party) => party.id);
      expect(new Set(ids).size).to.equal(ids.length);
      for (const id of ids) expect(id).to.match(/^[A-Z0-9]{1,10}$/);
      expect(big.crm.companies.length).to.be.within(14_000, 19_000);
    });
  });
});

describe('checkDemoOptions', () => {
  const bad: Array<[string, number]> = [
    ['zero', 0], ['negative', -3], ['fractional', 1.5], ['too large', MAX_DEMO_CUSTOMERS + 1], ['NaN', Number.NaN],
  ];
  for (const [what, customers] of bad) {
    it(`refuses a ${what} number of customers with a usage error`, () => {
      expect(() => checkDemoOptions({ customers, seed: 1 })).to.throw().that.satisfies(
        (error: unknown) => isBobsyncError(error, 'usage') && error.message.includes('--customers'),
      );
    });
  }

  it('accepts 1 and 1,000,000 customers', () => {
    expect(() => checkDemoOptions({ customers: 1, seed: 0 })).not.to.throw();
    expect(() => checkDemoOptions({ customers: MAX_DEMO_CUSTOMERS, seed: -7 })).not.to.throw();
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => checkDemoOptions({ customers: 10, seed: 0.5 })).to.throw().that.satisfies((error: unknown) => isBobsyncError(error, 'usage'));
  });

  it('is applied by generateDemoData', () => {
    expect(() => generateDemoData({ customers: 0, seed: 1 })).to.throw().that.satisfies((error: unknown) => isBobsyncError(error, 'usage'));
  });
});
