import { expect } from 'chai';
import { canonicalJson, fingerprintBob, fingerprintCrm, fingerprintMapping } from '../../src/engine/fingerprint.js';
import { aBobContact, aBobCustomer, aCrmCompany, aCrmPerson, aMappingEntry } from './builders.js';

const HEX32 = /^[0-9a-f]{32}$/;

describe('canonicalJson', () => {
  it('sorts keys at every level and leaves undefined members out', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: undefined } })).to.equal('{"a":{"d":[2,{"e":2,"f":1}]},"b":1}');
  });
});

describe('fingerprintBob', () => {
  const party = aBobCustomer({ personal: { XSECTOR: 'Retail', XAREA: 'North' } });
  const contacts = [aBobContact({ id: '2', firstName: 'An' }), aBobContact({ id: '10' })];

  it('is 32 hex digits and stable for the same content', () => {
    const fp = fingerprintBob(party, contacts);
    expect(fp).to.match(HEX32);
    expect(fingerprintBob(aBobCustomer({ personal: { XAREA: 'North', XSECTOR: 'Retail' } }), [...contacts].reverse())).to.equal(fp);
  });

  it('changes when a field, a personal field or a contact changes', () => {
    const fp = fingerprintBob(party, contacts);
    expect(fingerprintBob({ ...party, phone: '02 123 45 67' }, contacts)).to.not.equal(fp);
    expect(fingerprintBob({ ...party, personal: { ...party.personal, XSECTOR: 'Food' } }, contacts)).to.not.equal(fp);
    expect(fingerprintBob(party, [contacts[0]!])).to.not.equal(fp);
    expect(fingerprintBob(party, [contacts[0]!, { ...contacts[1]!, email: 'jan@acme.be' }])).to.not.equal(fp);
  });
});

describe('fingerprintCrm', () => {
  const company = aCrmCompany({ custom: { comp_sector: 'Retail' }, address: { postcode: '1050' } });
  const persons = [aCrmPerson({ id: '7' }), aCrmPerson({ id: '3', lastName: 'Claes' })];

  it('is stable whatever the order of persons', () => {
    expect(fingerprintCrm(company, persons)).to.match(HEX32);
    expect(fingerprintCrm(company, [...persons].reverse())).to.equal(fingerprintCrm(company, persons));
  });

  it('changes when the address, a custom field or a person changes', () => {
    const fp = fingerprintCrm(company, persons);
    expect(fingerprintCrm(aCrmCompany({ custom: { comp_sector: 'Retail' }, address: { postcode: '1000' } }), persons)).to.not.equal(fp);
    expect(fingerprintCrm({ ...company, custom: { comp_sector: 'Food' } }, persons)).to.not.equal(fp);
    expect(fingerprintCrm(company, [persons[0]!, { ...persons[1]!, firstName: 'Els' }])).to.not.equal(fp);
  });
});

describe('fingerprintMapping', () => {
  it('is stable for the same entry and changes with its content', () => {
    const entry = aMappingEntry();
    expect(fingerprintMapping(entry)).to.match(HEX32);
    expect(fingerprintMapping({ ...entry })).to.equal(fingerprintMapping(entry));
    expect(fingerprintMapping({ ...entry, noSync: true })).to.not.equal(fingerprintMapping(entry));
    expect(fingerprintMapping({ ...entry, lastSyncAt: '2024-02-01T00:00:00.000Z' })).to.not.equal(fingerprintMapping(entry));
  });

  it('gives an absent entry a fingerprint of its own', () => {
    expect(fingerprintMapping(undefined)).to.match(HEX32);
    expect(fingerprintMapping(undefined)).to.equal(fingerprintMapping(undefined));
    expect(fingerprintMapping(undefined)).to.not.equal(fingerprintMapping(aMappingEntry()));
  });
});

describe('fingerprints across versions', () => {
  // A proposal registered by an earlier version is compared with fingerprints computed now: a change
  // of the digest's definition would make every row of it stale. These are the digests as defined
  // when proposals were first registered.
  it('keeps the digests of BOB third parties, CRM companies and mapping entries', () => {
    const party = aBobCustomer({ personal: { XSECTOR: 'Retail', XAREA: 'Nörth €' }, name: 'Brasserie "Le Café"\n2e', isSupplier: true });
    const contacts = [aBobContact({ id: '10' }), aBobContact({ id: '9', firstName: 'An' }), aBobContact({ id: '2', email: '' })];
    expect(fingerprintBob(party, contacts)).to.equal('b4409ba690ed62df109cbea10d747dc9');
    expect(fingerprintBob(aBobCustomer(), [])).to.equal('06fc5c125b581295dca66e68cff75696');
    const company = aCrmCompany({ custom: { comp_sector: 'Retail', comp_area: '' }, address: { postcode: '1050' } });
    const persons = [aCrmPerson({ id: '7' }), aCrmPerson({ id: '30', lastName: 'Claes' }), aCrmPerson({ id: '4' })];
    expect(fingerprintCrm(company, persons)).to.equal('08d31da00b4ddaebe1bf65e016eaf51b');
    expect(fingerprintCrm(aCrmCompany({ address: null, bobSync: false }), [])).to.equal('d9e2c50cf35071043003122fd825c21c');
    expect(fingerprintMapping(aMappingEntry({ noSync: true }))).to.equal('e5dcadde1b5ad41a92cfcee35bf81545');
    expect(fingerprintMapping(undefined)).to.equal('7627425d6bbf1ca5bbd2fcdbbc3a996f');
  });
});
