import { expect } from 'chai';
import { buildProposal } from '../../src/engine/build-proposal.js';
import { countryCode } from '../../src/engine/countries.js';
import { bobPhone } from '../../src/engine/fit-bob.js';
import type { BobColumns } from '../../src/engine/model.js';
import { newBobCustomer } from '../../src/engine/written-values.js';
import { formatFitNotes } from '../../src/workbook/sheet-model.js';
import { textsFor } from '../../templates/texts.js';
import { aCrmCompany, aCrmPerson, anAnalysisInput, belgianVat } from './builders.js';

const v = (maxLength: number, charset: 'cp1252' | 'unicode' = 'cp1252') => ({ maxLength, charset });

/** BOB's widths (the domain reference), VARCHAR under a Latin1 collation. */
const BOB: BobColumns = {
  company: {
    id: v(10), name: v(40), name2: v(40), address1: v(40), address2: v(40), postcode: v(10), locality: v(40), country: v(6),
    language: v(2), vatRef: v(2), vatNo: v(12), phone: v(25), fax: v(25), email: v(60), website: v(60),
  },
  contact: { lastName: v(30), firstName: v(30), title: v(30), phone: v(25), mobile: v(25), email: v(50), language: v(2) },
  personal: { XSECTOR: v(10) },
};

const ctx = { customerType: 'Customer', travelling: [], now: '2024-05-01T10:00:00.000Z', bobColumns: BOB };

describe('fitting a CRM company to BOB', () => {
  it('continues a 41-character name on CNAME2, broken at a space', () => {
    const name = 'Brasserie et Restaurant de la Grand-Place'; // 41
    const { party, notes } = newBobCustomer('BRAS', { company: aCrmCompany({ name }), persons: [] }, ctx);
    expect(party.name).to.equal('Brasserie et Restaurant de la');
    expect(party.name2).to.equal('Grand-Place');
    expect(notes).to.deep.equal([{ field: 'name', kind: 'continued', from: name, to: 'Grand-Place', into: 'name2' }]);
  });

  it('continues a long street on CADDRESS2, before what the CRM has there', () => {
    const street = 'Chaussée de Louvain 1234 bâtiment B étage 3'; // 43
    const { party } = newBobCustomer('X', { company: aCrmCompany({ address: { address1: street, address2: 'Boîte 7' } }), persons: [] }, ctx);
    expect(party.address1).to.equal('Chaussée de Louvain 1234 bâtiment B');
    expect(party.address2).to.equal('étage 3 Boîte 7');
  });

  it('writes a written-out country as its code, and never a name it does not know', () => {
    const fitted = (country: string) => newBobCustomer('X', { company: aCrmCompany({ address: { country } }), persons: [] }, ctx);
    expect(fitted('Bosnië-Herzegovina').party.country).to.equal('BA');
    expect(fitted('Bosnië-Herzegovina').notes).to.deep.equal([{ field: 'country', kind: 'country-code', from: 'Bosnië-Herzegovina', to: 'BA' }]);
    expect(fitted('Allemagne').party.country).to.equal('DE');
    expect(fitted('BE').notes).to.deep.equal([]);
    const unknown = fitted('Atlantis Republiek');
    expect(unknown.party.country).to.equal('');
    expect(unknown.notes).to.deep.equal([{ field: 'country', kind: 'country-unknown', from: 'Atlantis Republiek', to: '' }]);
  });

  it('shortens an e-mail longer than EMAILADDRESS to its 60 characters, and says so', () => {
    const email = `${'a'.repeat(55)}@example.be`; // 66
    const { party, notes } = newBobCustomer('X', { company: aCrmCompany({ email }), persons: [] }, ctx);
    expect(party.email).to.equal(email.slice(0, 60));
    expect(notes).to.deep.equal([{ field: 'email', kind: 'shortened', from: email, to: email.slice(0, 60), width: 60 }]);
  });

  it("fits a contact person's function to PTITLE", () => {
    const persons = [aCrmPerson({ firstName: 'Els', lastName: 'Wouters', title: 'Verantwoordelijke administratie' })];
    const { contacts, notes } = newBobCustomer('X', { company: aCrmCompany(), persons }, ctx);
    expect(contacts[0]!.title).to.equal('Verantwoordelijke administrati');
    expect(notes).to.deep.equal([
      { field: 'title', kind: 'shortened', from: 'Verantwoordelijke administratie', to: 'Verantwoordelijke administrati', width: 30, person: 'Els Wouters' },
    ]);
  });

  it('replaces what code page 1252 lacks in a VARCHAR column, and keeps it in a Unicode one', () => {
    const company = aCrmCompany({ name: 'Łódź Trading', address: { city: 'Plzeň' } });
    const { party, notes } = newBobCustomer('X', { company, persons: [] }, ctx);
    expect([party.name, party.locality]).to.deep.equal(['Lódz Trading', 'Plzen']);
    expect(notes.map((note) => [note.field, note.kind, note.to])).to.deep.equal([['name', 'characters', 'Lódz Trading'], ['locality', 'characters', 'Plzen']]);
    const unicode = newBobCustomer('X', { company, persons: [] }, { ...ctx, bobColumns: { ...BOB, company: { ...BOB.company, name: v(40, 'unicode') } } });
    expect(unicode.party.name).to.equal('Łódź Trading');
  });

  it('writes Belgian phone numbers in BOB’s style and leaves foreign ones as written', () => {
    expect(bobPhone('+32 2 758 25 69')).to.equal('02/758.25.69');
    expect(bobPhone('0032 (0)9 233 44 55')).to.equal('09/233.44.55');
    expect(bobPhone('0475 12 34 56')).to.equal('0475/12.34.56');
    expect(bobPhone('016 22 33 44')).to.equal('016/22.33.44');
    expect(bobPhone('+352 959786')).to.equal('+352 959786');
    expect(bobPhone('02 123')).to.equal('02 123');
  });

  it('without BOB columns maps forms only and shortens nothing', () => {
    const name = 'x'.repeat(70);
    const { party } = newBobCustomer('X', { company: aCrmCompany({ name, address: { country: 'België' } }), persons: [] }, { ...ctx, bobColumns: undefined });
    expect([party.name.length, party.country]).to.deep.equal([70, 'BE']);
  });
});

describe('countryCode', () => {
  const table: Array<[string, string | null]> = [
    ['Bosnië-Herzegovina', 'BA'], ['Bosnie-Herzégovine', 'BA'], ['België', 'BE'], ['Belgique', 'BE'], ['Nederland', 'NL'],
    ['Pays-Bas', 'NL'], ['Duitsland', 'DE'], ['Deutschland', 'DE'], ['DE', 'DE'], ['Groot-Brittannië', 'GB'], ['Verenigd Koninkrijk', 'GB'],
    ['Griekenland', 'GR'], ['Tsjechië', 'CZ'], ['Côte d’Ivoire', 'CI'], ['Polen', 'PL'], ['Nowhere land', null], ['', null],
  ];
  for (const [name, code] of table) it(`${JSON.stringify(name)} → ${code}`, () => expect(countryCode(name)).to.equal(code));
});

describe('the CRM to BOB row at analyse time', () => {
  it('carries what BOB will receive, shown in the workbook in its language', () => {
    const company = aCrmCompany({
      id: '77', name: 'Brasserie et Restaurant de la Grand-Place', vat: belgianVat(4030192), bobSync: true, type: 'Customer',
      email: `${'a'.repeat(55)}@example.be`, address: { country: 'Bosnië-Herzegovina' },
    });
    const proposal = buildProposal({ ...anAnalysisInput({ companies: [company] }), bobColumns: BOB });
    const [row] = proposal.crmToBob;
    expect(row!.fit!.map((note) => [note.field, note.kind])).to.deep.equal([['country', 'country-code'], ['name', 'continued'], ['email', 'shortened']]);
    expect(formatFitNotes(row!.fit!, textsFor('en')).split('\n')).to.deep.equal([
      'Country Bosnië-Herzegovina → BA',
      'Name continues on Name 2: Grand-Place',
      `E-mail shortened to 60 characters: ${'a'.repeat(55)}@exam`,
    ]);
    expect(formatFitNotes(row!.fit!, textsFor('nl')).split('\n')[1]).to.equal('Naam loopt door op Naam 2: Grand-Place');
  });
});
