import { expect } from 'chai';
import { mapAcCompanRow, mapAcContactRow, type AcCompanRow } from '../../../src/sources/bob/bob-reader.js';
import { bobReaderCases, bobSchemaCases } from './bob-cases.js';
import { sqliteHarness } from './harness.js';

bobReaderCases(sqliteHarness());
bobSchemaCases(sqliteHarness());

function aRow(overrides: Partial<AcCompanRow>): AcCompanRow {
  return {
    CID: 'ACME', CCUSTYPE: 'C', CSUPTYPE: 'U', CNAME1: null, CNAME2: null, CADDRESS1: null, CADDRESS2: null, CZIPCODE: null,
    CLOCALITY: null, CCOUNTRY: null, CLANGUAGE: null, CVATREF: null, CVATNO: null, CTELNO: null, CFAXNO: null,
    EMAILADDRESS: null, HTTPADDRESS: null, CISPERS: null, MODIFIEDON: null,
    ...overrides,
  };
}

describe('mapAcCompanRow', () => {
  const cases: Array<[unknown, boolean]> = [
    [1, true], [0, false], [true, true], [false, false], ['T', true], ['t', true], ['Y', true], ['1', true],
    ['F', false], ['N', false], ['0', false], ['', false], [null, false],
  ];
  for (const [value, isPerson] of cases) {
    it(`reads CISPERS ${JSON.stringify(value)} as ${isPerson ? 'a natural person' : 'not a natural person'}`, () => {
      expect(mapAcCompanRow(aRow({ CISPERS: value }), []).isPerson).to.equal(isPerson);
    });
  }

  const times: Array<[unknown, string]> = [
    [new Date('2024-02-03T04:05:06.007Z'), '2024-02-03T04:05:06.007Z'],
    ['2024-02-03 04:05:06', '2024-02-03T04:05:06.000Z'],
    ['2024-02-03T04:05:06.5+02:00', '2024-02-03T02:05:06.500Z'],
    ['2024-02-03T04:05:06+0200', '2024-02-03T02:05:06.000Z'],
    ['2024-02-03', '2024-02-03T00:00:00.000Z'],
    ['yesterday', ''],
    [null, ''],
  ];
  for (const [value, iso] of times) {
    it(`reads MODIFIEDON ${JSON.stringify(value)} as ${JSON.stringify(iso)}`, () => {
      expect(mapAcCompanRow(aRow({ MODIFIEDON: value }), []).modifiedOn).to.equal(iso);
    });
  }

  it('reads a customer that is also a supplier, in any case', () => {
    const party = mapAcCompanRow(aRow({ CCUSTYPE: 'c', CSUPTYPE: 's ' }), []);
    expect([party.isCustomer, party.isSupplier]).to.deep.equal([true, true]);
  });

  it('trims the padding of fixed-length columns and upper-cases the code', () => {
    const party = mapAcCompanRow(aRow({ CID: 'acme      ', CNAME1: 'Acme NV                                 ', CZIPCODE: 1050 }), []);
    expect([party.id, party.name, party.postcode]).to.deep.equal(['ACME', 'Acme NV', '1050']);
  });

  it('keys personal fields by their upper-case column name', () => {
    const party = mapAcCompanRow(aRow({ PF_0: ' Retail ', PF_1: null }), ['xsector', 'XREGION']);
    expect(party.personal).to.deep.equal({ XSECTOR: 'Retail', XREGION: '' });
  });
});

describe('mapAcContactRow', () => {
  it('turns the numeric PERSID into text and the company code into upper case', () => {
    const contact = mapAcContactRow({
      PERSID: 12, PCID: 'acme ', PNAME: ' Dupont', PFIRSTNAME: null, PTITLE: null, PTELNO: null, PGSM: '0470 ', PEMAIL: null, PLANGUAGE: 'F',
    });
    expect(contact).to.deep.equal({
      id: '12', companyId: 'ACME', lastName: 'Dupont', firstName: '', title: '', phone: '', mobile: '0470', email: '', language: 'F',
    });
  });
});
