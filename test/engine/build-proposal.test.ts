import { expect } from 'chai';
import { buildProposal } from '../../src/engine/build-proposal.js';
import { fingerprintBob, fingerprintCrm, fingerprintMapping } from '../../src/engine/fingerprint.js';
import type { B2CRow, ExcludedRow, Proposal } from '../../src/engine/model.js';
import {
  aBobContact,
  aBobCustomer,
  aBobSupplier,
  aCrmCompany,
  aCrmField,
  aCrmPerson,
  aMappingEntry,
  anAnalysisInput,
  belgianVat,
  type InputParts,
} from './builders.js';

const VAT_A = 'BE0403019261';
const VAT_B = 'BE0428759497';
const VAT_C = belgianVat(12345678);

const propose = (parts: InputParts): Proposal => buildProposal(anAnalysisInput(parts));
const b2c = (proposal: Proposal, bobId: string): B2CRow | undefined => proposal.bobToCrm.find((r) => r.bobId === bobId);
const excludedRow = (proposal: Proposal, side: 'B' | 'C', id: string): ExcludedRow | undefined =>
  proposal.excluded.find((r) => r.key === `EXC:${side}:${id}`);
const reasonOf = (proposal: Proposal, side: 'B' | 'C', id: string): string | undefined => excludedRow(proposal, side, id)?.reason;

describe('buildProposal', () => {
  describe('customers and suppliers', () => {
    it('excludes a pure supplier with reason supplier and proposes a customer that is also a supplier', () => {
      const p = propose({
        parties: [aBobSupplier({ id: 'SUP' }), aBobCustomer({ id: 'BOTH', isSupplier: true })],
      });
      expect(b2c(p, 'SUP')).to.equal(undefined);
      expect(excludedRow(p, 'B', 'SUP')).to.include({ side: 'bob', reason: 'supplier', name: 'Supplier' });
      expect(b2c(p, 'BOTH')).to.include({ action: 'create-crm', key: 'B2C:BOTH' });
    });
  });

  describe('No sync', () => {
    it('leaves No sync parties out of the direction sheets and the excluded sheet, listing them on the mapping table', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'NOSYNC', name: 'Never' })],
        companies: [aCrmCompany({ id: '9', name: 'Never CRM', vat: VAT_C })],
        mapping: [aMappingEntry({ bobId: 'NOSYNC', crmId: '', noSync: true }), aMappingEntry({ bobId: '', crmId: '9', noSync: true })],
      });
      expect(p.bobToCrm).to.deep.equal([]);
      expect(p.crmToBob).to.deep.equal([]);
      expect(p.excluded).to.deep.equal([]);
      expect(p.mapping.map((r) => [r.key, r.name, r.noSync])).to.deep.equal([
        ['MAP:NOSYNC|', 'Never', true],
        ['MAP:|9', 'Never CRM', true],
      ]);
    });

    it('excludes a CRM company whose VAT number matches a BOB customer with No sync', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'NOSYNC', vatRef: 'BE', vatNo: '0403019261' })],
        companies: [aCrmCompany({ id: '5', vat: 'BE 0403.019.261' })],
        mapping: [aMappingEntry({ bobId: 'NOSYNC', crmId: '', noSync: true })],
      });
      expect(p.crmToBob).to.deep.equal([]);
      expect(excludedRow(p, 'C', '5')).to.include({ reason: 'matches-no-sync', detail: 'NOSYNC', vat: VAT_A });
    });

    it('does not create a BOB customer in the CRM when its VAT number matches a CRM company with No sync', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A })],
        companies: [aCrmCompany({ id: '5', vat: VAT_A })],
        mapping: [aMappingEntry({ bobId: '', crmId: '5', noSync: true })],
      });
      expect(p.bobToCrm).to.deep.equal([]);
      expect(excludedRow(p, 'B', 'ACME')).to.include({ reason: 'matches-no-sync', detail: '5' });
    });
  });

  describe('mapping table', () => {
    it('turns every mapping entry into a mapping row named from BOB, else from the CRM', () => {
      const entries = [
        aMappingEntry({ bobId: 'ACME', crmId: '1' }),
        aMappingEntry({ bobId: 'GONE', crmId: '2', noSync: true }),
        aMappingEntry({ bobId: 'OLD', crmId: '99' }),
      ];
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', name: 'Acme BOB' })],
        companies: [aCrmCompany({ id: '1', name: 'Acme CRM' }), aCrmCompany({ id: '2', name: 'Gone CRM' })],
        mapping: entries,
      });
      expect(p.mapping.map((r) => [r.key, r.bobId, r.crmId, r.name, r.noSync])).to.deep.equal([
        ['MAP:ACME|1', 'ACME', '1', 'Acme BOB', false],
        ['MAP:GONE|2', 'GONE', '2', 'Gone CRM', true],
        ['MAP:OLD|99', 'OLD', '99', '', false],
      ]);
      expect(p.mapping[0]).to.include({ linkedAt: entries[0]!.linkedAt, lastSyncAt: '' });
      expect(p.mapping[0]!.sources).to.deep.equal([{ kind: 'map', id: 'ACME|1', fingerprint: fingerprintMapping(entries[0]) }]);
    });

    it('proposes Update CRM for a linked pair whose BOB values differ, matched by mapping', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', name: 'Acme Trading' })],
        companies: [aCrmCompany({ id: '1', name: 'Acme' })],
        mapping: [aMappingEntry()],
      });
      expect(b2c(p, 'ACME')).to.deep.include({
        action: 'update-crm',
        crmId: '1',
        matchedBy: 'mapping',
        changes: [{ field: 'name', from: 'Acme', to: 'Acme Trading' }],
      });
    });

    it('proposes nothing for a linked pair with nothing to change and excludes it as in sync', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A })],
        companies: [aCrmCompany({ id: '1', vat: VAT_A })],
        mapping: [aMappingEntry()],
      });
      expect(p.bobToCrm).to.deep.equal([]);
      expect(p.crmToBob).to.deep.equal([]);
      expect(excludedRow(p, 'B', 'ACME')).to.include({ side: 'bob', reason: 'in-sync', detail: '1' });
      expect(excludedRow(p, 'C', '1')).to.equal(undefined);
    });

    it('treats a BOB customer as unlinked when its mapped CRM company no longer exists', () => {
      const entry = aMappingEntry({ bobId: 'ACME', crmId: '404' });
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A })],
        companies: [aCrmCompany({ id: '7', vat: VAT_A })],
        mapping: [entry],
      });
      const row = b2c(p, 'ACME')!;
      expect(row).to.include({ action: 'link', crmId: '7', matchedBy: 'vat' });
      expect(row.sources.find((s) => s.kind === 'map')).to.deep.equal({ kind: 'map', id: 'ACME|404', fingerprint: fingerprintMapping(entry) });
    });

    it('prefers the mapping link over a VAT match', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', name: 'Acme', vatNo: VAT_A })],
        companies: [aCrmCompany({ id: '1', name: 'Acme', vat: '' }), aCrmCompany({ id: '2', name: 'Acme', vat: VAT_A })],
        mapping: [aMappingEntry({ bobId: 'ACME', crmId: '1' })],
      });
      expect(reasonOf(p, 'B', 'ACME')).to.equal('in-sync');
      expect(excludedRow(p, 'C', '2')).to.include({ reason: 'duplicate-of-linked', detail: 'ACME' });
    });
  });

  describe('VAT matching', () => {
    it('links a CRM company with the same VAT number when nothing differs', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatRef: 'BE', vatNo: '403019261' })],
        companies: [aCrmCompany({ id: '3', vat: 'BE 0403.019.261' })],
      });
      expect(b2c(p, 'ACME')).to.deep.include({ action: 'link', crmId: '3', matchedBy: 'vat', vat: VAT_A, changes: [] });
      expect(p.crmToBob).to.deep.equal([]);
    });

    it('proposes Update CRM for a VAT match whose BOB values differ', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A, phone: '02 111 22 33' })],
        companies: [aCrmCompany({ id: '3', vat: VAT_A, phone: '02 999 88 77' })],
      });
      expect(b2c(p, 'ACME')).to.deep.include({
        action: 'update-crm',
        crmId: '3',
        matchedBy: 'vat',
        changes: [{ field: 'phone', from: '02 999 88 77', to: '02 111 22 33' }],
      });
    });

    it('offers Choose when several CRM companies share the VAT number of one BOB customer', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A })],
        companies: [
          aCrmCompany({ id: '10', name: 'Acme Gent', vat: VAT_A, address: { postcode: 'BE9000' } }),
          aCrmCompany({ id: '4', name: 'Acme', vat: '0403019261' }),
        ],
      });
      const row = b2c(p, 'ACME')!;
      expect(row).to.include({ action: 'choose', crmId: '', matchedBy: '' });
      expect(row.candidates).to.deep.equal([
        { crmId: '4', name: 'Acme', vat: VAT_A, postcode: '', reason: 'vat' },
        { crmId: '10', name: 'Acme Gent', vat: VAT_A, postcode: '9000', reason: 'vat' },
      ]);
      expect(p.crmToBob).to.deep.equal([]);
      expect(excludedRow(p, 'C', '4')).to.include({ reason: 'candidate-of-choice', detail: 'ACME' });
      expect(excludedRow(p, 'C', '10')).to.include({ reason: 'candidate-of-choice', detail: 'ACME' });
    });

    it('offers Choose to each BOB customer sharing the VAT number of one CRM company', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME2', vatNo: VAT_A }), aBobCustomer({ id: 'ACME', vatNo: VAT_A })],
        companies: [aCrmCompany({ id: '4', vat: VAT_A })],
      });
      for (const id of ['ACME', 'ACME2']) {
        expect(b2c(p, id)).to.include({ action: 'choose' });
        expect(b2c(p, id)!.candidates.map((c) => c.crmId)).to.deep.equal(['4']);
      }
      expect(excludedRow(p, 'C', '4')).to.include({ reason: 'candidate-of-choice', detail: 'ACME, ACME2' });
    });

    it('excludes a CRM company whose VAT number matches a BOB customer linked to another CRM company', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A })],
        companies: [aCrmCompany({ id: '1', vat: VAT_A }), aCrmCompany({ id: '2', vat: VAT_A })],
        mapping: [aMappingEntry({ bobId: 'ACME', crmId: '1' })],
      });
      expect(excludedRow(p, 'C', '2')).to.include({ reason: 'duplicate-of-linked', detail: 'ACME' });
      expect(p.crmToBob).to.deep.equal([]);
    });

    it('excludes a CRM company whose VAT number matches a BOB supplier', () => {
      const p = propose({
        parties: [aBobSupplier({ id: 'SUP', vatNo: VAT_B })],
        companies: [aCrmCompany({ id: '8', vat: VAT_B })],
      });
      expect(excludedRow(p, 'C', '8')).to.include({ reason: 'matches-bob-supplier', detail: 'SUP' });
      expect(p.crmToBob).to.deep.equal([]);
    });

    it('reports an invalid BOB VAT number and never matches it', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatRef: 'BE', vatNo: '0403019262' })],
        companies: [aCrmCompany({ id: '1', name: 'Other', vat: 'BE0403019262', bobSync: false })],
      });
      const row = b2c(p, 'ACME')!;
      expect(row).to.include({ action: 'create-crm', crmId: '', vat: 'BE0403019262', vatReason: 'checksum' });
      expect(row.vatProblem).to.match(/check digits/);
    });

    it('never matches a foreign VAT number that fails its checksum, though both sides hold it', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatRef: 'DE', vatNo: '136695977' })],
        companies: [aCrmCompany({ id: '1', name: 'Other', vat: 'DE 136 695 977' })],
      });
      expect(b2c(p, 'ACME')).to.include({ action: 'create-crm', crmId: '', matchedBy: '', vat: 'DE136695977', vatReason: 'checksum' });
      expect(p.crmToBob.map((r) => [r.key, r.vatReason])).to.deep.equal([['C2B:1', 'checksum']]);
    });

    it('says nothing about the VAT number of a BOB customer whose number is valid', () => {
      const row = b2c(propose({ parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A })] }), 'ACME')!;
      expect(row.vatProblem).to.equal('');
      expect(row).not.to.have.property('vatReason');
    });

    it('proposes a CRM company with an invalid VAT number with what is wrong on its row, for the bookkeeper to decide', () => {
      const p = propose({ companies: [aCrmCompany({ id: '1', vat: 'BE 0403.019.262' })] });
      const row = p.crmToBob.find((r) => r.crmId === '1')!;
      expect(row).to.include({ vat: 'BE 0403.019.262', vatReason: 'checksum' });
      expect(row.vatProblem).to.match(/check digits/);
      expect(excludedRow(p, 'C', '1')).to.equal(undefined);
    });

    const invalidForCrmToBob: Array<[string, string, string]> = [
      ['NL004495446B01', 'Nederland', 'checksum'],
      ['1630615123458', 'RO', 'checksum'],
      ['FR 4030326504', 'France', 'length'],
      ['CHE-123.456.789', 'CH', 'unknown-prefix'],
    ];
    for (const [vat, country, vatReason] of invalidForCrmToBob) {
      it(`proposes a CRM customer whose VAT number ${vat} is invalid (${vatReason}) with the reason on its row`, () => {
        const p = propose({ companies: [aCrmCompany({ id: '1', vat, address: { country } })] });
        expect(p.crmToBob.map((r) => [r.crmId, r.vatReason])).to.deep.equal([['1', vatReason]]);
      });
    }

    it('creates a CRM customer in BOB whose foreign VAT number passes its check', () => {
      const p = propose({ companies: [aCrmCompany({ id: '1', vat: '1630615123457', address: { country: 'RO' } })] });
      expect(p.crmToBob.map((r) => [r.crmId, r.vat])).to.deep.equal([['1', 'RO1630615123457']]);
    });
  });

  describe('comp_bobid', () => {
    it('matches a CRM company whose comp_bobid names a BOB customer without mapping entry', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', name: 'Acme' })],
        companies: [aCrmCompany({ id: '6', name: 'Acme', bobId: 'acme' })],
      });
      expect(b2c(p, 'ACME')).to.include({ action: 'link', crmId: '6', matchedBy: 'bobid' });
    });

    it('offers Choose when several CRM companies carry the same comp_bobid', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME' })],
        companies: [aCrmCompany({ id: '6', bobId: 'ACME' }), aCrmCompany({ id: '7', bobId: 'ACME' })],
      });
      expect(b2c(p, 'ACME')).to.include({ action: 'choose' });
      expect(b2c(p, 'ACME')!.candidates.map((c) => [c.crmId, c.reason])).to.deep.equal([['6', 'bobid'], ['7', 'bobid']]);
      expect(reasonOf(p, 'C', '7')).to.equal('candidate-of-choice');
    });
  });

  describe('no VAT number', () => {
    const privateCustomer = aBobCustomer({ id: 'JP', name: 'Peeters Jan', postcode: 'BE9000', isPerson: true });

    it('shows a CRM company with a similar name in the same postcode as a possible match and keeps Create in CRM', () => {
      const p = propose({
        parties: [privateCustomer],
        companies: [
          aCrmCompany({ id: '20', name: 'Jan Peeters', vat: VAT_C, address: { postcode: '9000' } }),
          aCrmCompany({ id: '21', name: 'Jan Peeters', address: { postcode: '9050' } }),
          aCrmCompany({ id: '22', name: 'Peeters Bouw', address: { postcode: '9000' } }),
        ],
      });
      const row = b2c(p, 'JP')!;
      expect(row).to.include({ action: 'create-crm', crmId: '' });
      expect(row.candidates).to.deep.equal([{ crmId: '20', name: 'Jan Peeters', vat: VAT_C, postcode: '9000', reason: 'name' }]);
      expect(row.sources.map((s) => `${s.kind}:${s.id}`)).to.deep.equal(['bob:JP', 'crm:20']);
      // The bookkeeper decides by linking; until then the CRM company still qualifies on its own.
      expect(p.crmToBob.map((r) => r.crmId)).to.deep.equal(['20']);
    });

    it('counts names as similar when equal but for legal form and punctuation, or with a word-set similarity of at least 0.8', () => {
      const p = propose({
        parties: [
          aBobCustomer({ id: 'A', name: 'Brasserie Émile N.V.', postcode: '1050' }),
          aBobCustomer({ id: 'B', name: 'Bakkerij Jan Peeters Zonen Gent', postcode: '1050' }),
          aBobCustomer({ id: 'C', name: 'Acme Trading', postcode: '1050' }),
        ],
        companies: [
          aCrmCompany({ id: '1', name: 'BRASSERIE EMILE', address: { postcode: 'B-1050' } }),
          aCrmCompany({ id: '2', name: 'Bakkerij Jan Peeters Zonen', address: { postcode: '1050' } }),
          aCrmCompany({ id: '3', name: 'Acme', address: { postcode: '1050' } }),
        ],
      });
      expect(b2c(p, 'A')!.candidates.map((c) => c.crmId)).to.deep.equal(['1']);
      expect(b2c(p, 'B')!.candidates.map((c) => c.crmId)).to.deep.equal(['2']);
      expect(b2c(p, 'C')!.candidates).to.deep.equal([]);
    });

    it('does not offer a linked or matched CRM company as a possible match', () => {
      const p = propose({
        parties: [
          aBobCustomer({ id: 'JP', name: 'Jan Peeters', postcode: '9000' }),
          aBobCustomer({ id: 'JP2', name: 'Jan Peeters', postcode: '9000', vatNo: VAT_A }),
        ],
        companies: [aCrmCompany({ id: '20', name: 'Jan Peeters', vat: VAT_A, address: { postcode: '9000' } })],
      });
      expect(b2c(p, 'JP2')).to.include({ action: 'link', crmId: '20' });
      expect(b2c(p, 'JP')!.candidates).to.deep.equal([]);
    });
  });

  describe('comparison', () => {
    it('does not count differences of form as changes', () => {
      const p = propose({
        parties: [
          aBobCustomer({
            id: 'ACME',
            vatNo: VAT_A,
            name: 'ACME  NV',
            phone: '02/758.25.69',
            website: 'http://www.acme.be/',
            email: 'Info@Acme.be',
            address1: 'Rue de la Loi 16',
            postcode: 'BE1050',
            locality: 'IXELLES',
            country: 'BE',
          }),
        ],
        companies: [
          aCrmCompany({
            id: '1',
            vat: '0403.019.261',
            name: 'Acme NV',
            phone: '+32 2 758 25 69',
            website: 'acme.be',
            email: 'info@acme.be',
            address: { address1: 'rue de la loi 16', postcode: '1050', city: 'Ixelles', country: 'Belgium' },
          }),
        ],
      });
      expect(b2c(p, 'ACME')).to.deep.include({ action: 'link', changes: [] });
    });

    it('lists each changed field from the CRM value to the BOB value, with the bare postcode', () => {
      const p = propose({
        parties: [
          aBobCustomer({
            id: 'ACME', vatNo: VAT_A, name: 'Acme', website: 'acme.eu', email: 'sales@acme.be', phone: '09 123 45 67',
            address1: 'Kerkstraat 1', address2: 'Bus 2', postcode: 'BE9000', locality: 'Gent', country: 'BE',
          }),
        ],
        companies: [aCrmCompany({ id: '1', vat: VAT_A, name: 'Acme', address: null })],
      });
      expect(b2c(p, 'ACME')!.changes).to.deep.equal([
        { field: 'website', from: '', to: 'acme.eu' },
        { field: 'email', from: '', to: 'sales@acme.be' },
        { field: 'phone', from: '', to: '09 123 45 67' },
        { field: 'address1', from: '', to: 'Kerkstraat 1' },
        { field: 'address2', from: '', to: 'Bus 2' },
        { field: 'postcode', from: '', to: '9000' },
        { field: 'city', from: '', to: 'Gent' },
        { field: 'country', from: '', to: 'BE' },
      ]);
    });

    it('does not clear a CRM value that BOB leaves empty', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A, website: '' })],
        companies: [aCrmCompany({ id: '1', vat: VAT_A, website: 'acme.be' })],
      });
      expect(b2c(p, 'ACME')).to.include({ action: 'link' });
    });

    it('lists a BOB contact without a CRM person of the same name as a person change', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A })],
        contacts: [
          aBobContact({ id: '1', companyId: 'ACME', firstName: 'Jan', lastName: 'Peeters' }),
          aBobContact({ id: '2', companyId: 'ACME', firstName: 'Els', lastName: 'Claes' }),
        ],
        companies: [aCrmCompany({ id: '1', vat: VAT_A })],
        persons: [aCrmPerson({ id: '5', companyId: '1', firstName: 'JAN', lastName: 'peeters' })],
      });
      expect(b2c(p, 'ACME')).to.deep.include({ action: 'update-crm', contacts: 2, changes: [{ field: 'person', from: '', to: 'Els Claes' }] });
    });

    it('does not show a different comp_bobid on a VAT match as a change', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A })],
        companies: [aCrmCompany({ id: '1', vat: VAT_A, bobId: 'OLDCODE' })],
      });
      expect(b2c(p, 'ACME')).to.deep.include({ action: 'link', matchedBy: 'vat', changes: [] });
    });

    it('never proposes a matched CRM company for creation in BOB', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A, name: 'Acme BOB' })],
        companies: [aCrmCompany({ id: '1', vat: VAT_A, name: 'Acme CRM', bobSync: true, type: 'Customer' })],
      });
      expect(b2c(p, 'ACME')).to.include({ action: 'update-crm' });
      expect(p.crmToBob).to.deep.equal([]);
      expect(excludedRow(p, 'C', '1')).to.equal(undefined);
    });
  });

  describe('CRM to BOB', () => {
    it('proposes Create in BOB for an unmatched customer with BobSync ticked and a VAT number', () => {
      const company = aCrmCompany({ id: '12', name: 'Globex BVBA', vat: 'be 0428.759.497', address: { postcode: 'BE-2000', city: 'Antwerpen' } });
      const persons = [aCrmPerson({ id: '1', companyId: '12' }), aCrmPerson({ id: '2', companyId: '12', firstName: 'Els' })];
      const p = propose({ companies: [company], persons });
      expect(p.crmToBob).to.deep.equal([
        {
          key: 'C2B:12',
          action: 'create-bob',
          crmId: '12',
          name: 'Globex BVBA',
          vat: VAT_B,
          postcode: '2000',
          city: 'Antwerpen',
          persons: 2,
          newBobId: 'GLOBEX',
          fit: [],
          sources: [{ kind: 'crm', id: '12', fingerprint: fingerprintCrm(company, persons) }],
        },
      ]);
    });

    it('excludes CRM companies that do not qualify, checking BobSync, then type, then VAT number', () => {
      const p = propose({
        companies: [
          aCrmCompany({ id: '1', bobSync: false, type: 'Prospect', vat: '' }),
          aCrmCompany({ id: '2', bobSync: true, type: 'Prospect', vat: '' }),
          aCrmCompany({ id: '3', bobSync: true, type: 'customer', vat: '' }),
          aCrmCompany({ id: '4', bobSync: true, type: 'Customer', vat: 'BE0403019262' }),
          aCrmCompany({ id: '5', bobSync: true, type: 'CUSTOMER', vat: VAT_A }),
        ],
      });
      expect(p.excluded.map((r) => [r.key, r.reason, r.detail.replace(/^The check digits.*/, 'checksum')])).to.deep.equal([
        ['EXC:C:1', 'bobsync-unticked', 'Prospect'],
        ['EXC:C:2', 'not-customer', 'Prospect'],
        ['EXC:C:3', 'no-vat', ''],
      ]);
      // An invalid number is proposed with its problem (Not this time set in the workbook).
      expect(p.crmToBob.map((r) => [r.crmId, r.vatReason ?? ''])).to.deep.equal([['4', 'checksum'], ['5', '']]);
    });

    it('proposes New BOB ids unique among BOB codes, codes in the CRM and each other', () => {
      const p = propose({
        parties: [aBobSupplier({ id: 'ACME' })],
        companies: [
          aCrmCompany({ id: '1', name: 'Acme NV', vat: VAT_A }),
          aCrmCompany({ id: '2', name: 'Acme SA', vat: VAT_B }),
          aCrmCompany({ id: '3', name: 'Acme', vat: VAT_C }),
          aCrmCompany({ id: '4', name: 'Other', bobId: 'ACME3', bobSync: false }),
        ],
      });
      expect(p.crmToBob.map((r) => [r.crmId, r.newBobId])).to.deep.equal([['1', 'ACME2'], ['2', 'ACME4'], ['3', 'ACME5']]);
    });

    it('proposes only the lowest CRM id of qualifying companies sharing a VAT number', () => {
      const p = propose({
        companies: [aCrmCompany({ id: '30', vat: VAT_A }), aCrmCompany({ id: '4', vat: '0403019261' })],
      });
      expect(p.crmToBob.map((r) => r.crmId)).to.deep.equal(['4']);
      expect(excludedRow(p, 'C', '30')).to.include({ reason: 'duplicate-in-crm', detail: '4' });
    });

    it('honours a configured customer type', () => {
      const input = anAnalysisInput({ companies: [aCrmCompany({ id: '1', type: 'Klant', vat: VAT_A })] });
      expect(buildProposal(input, { customerType: 'klant' }).crmToBob).to.have.length(1);
      expect(buildProposal(input).crmToBob).to.have.length(0);
    });
  });

  describe('personal fields', () => {
    const fields = [
      aCrmField({ name: 'comp_xregion', caption: 'Region' }),
      aCrmField({ name: 'comp_sector', caption: 'Sector' }),
      aCrmField({ name: 'comp_klantcat', caption: 'Catégorie client' }),
    ];
    const personalFields = [
      { column: 'XREGION', label: 'Regio' },
      { column: 'XSECTOR', label: 'Sector' },
      { column: 'XCAT', label: 'Categorie  Client' },
      { column: 'XNONE', label: 'Nothing' },
    ];

    it('matches BOB columns to CRM fields by name, name without X, or caption, selecting the matched ones', () => {
      const p = propose({ fields, personalFields });
      expect(p.personalFields.map((r) => [r.key, r.crmField, r.crmCaption, r.selected])).to.deep.equal([
        ['PF:XCAT', 'comp_klantcat', 'Catégorie client', true],
        ['PF:XNONE', '', '', false],
        ['PF:XREGION', 'comp_xregion', 'Region', true],
        ['PF:XSECTOR', 'comp_sector', 'Sector', true],
      ]);
      expect(p.personalFields[0]).to.include({ column: 'XCAT', label: 'Categorie  Client', condition: '', value: '' });
    });

    it('uses a stored setting while its CRM field exists, and matches again when it does not', () => {
      const p = propose({
        fields,
        personalFields,
        personalFieldSettings: [
          { column: 'XREGION', crmField: 'comp_sector', selected: false, condition: '=', value: 'Gent' },
          { column: 'XSECTOR', crmField: 'comp_deleted', selected: false, condition: 'contains', value: 'x' },
        ],
      });
      expect(p.personalFields.find((r) => r.column === 'XREGION')).to.include({ crmField: 'comp_sector', selected: false, condition: '=', value: 'Gent' });
      expect(p.personalFields.find((r) => r.column === 'XSECTOR')).to.include({ crmField: 'comp_sector', selected: true, condition: '' });
    });

    it('compares selected personal fields on matched pairs, and only those', () => {
      const p = propose({
        fields,
        personalFields,
        personalFieldSettings: [{ column: 'XREGION', crmField: 'comp_xregion', selected: false, condition: '', value: '' }],
        parties: [aBobCustomer({ id: 'ACME', vatNo: VAT_A, personal: { XSECTOR: 'Retail', XREGION: 'Oost' } })],
        companies: [aCrmCompany({ id: '1', vat: VAT_A, custom: { comp_sector: 'Food', comp_xregion: 'West' } })],
      });
      expect(b2c(p, 'ACME')!.changes).to.deep.equal([{ field: 'pf:XSECTOR', from: 'Food', to: 'Retail' }]);
    });
  });

  describe('rows', () => {
    it('gives B2C rows the BOB name, bare postcode, city, contact count and every source record', () => {
      const party = aBobCustomer({ id: 'ACME', name: 'Acme', name2: 'Division Two', postcode: 'BE1050', locality: 'Ixelles', vatNo: VAT_A });
      const contacts = [aBobContact({ id: '1', companyId: 'ACME' })];
      const company = aCrmCompany({ id: '1', vat: VAT_A, name: 'Acme Old' });
      const entry = aMappingEntry({ bobId: 'ACME', crmId: '1' });
      const p = propose({ parties: [party], contacts, companies: [company], mapping: [entry] });
      expect(b2c(p, 'ACME')).to.deep.include({
        key: 'B2C:ACME',
        name: 'Acme',
        postcode: '1050',
        city: 'Ixelles',
        contacts: 1,
        vatProblem: '',
        sources: [
          { kind: 'bob', id: 'ACME', fingerprint: fingerprintBob(party, contacts) },
          { kind: 'crm', id: '1', fingerprint: fingerprintCrm(company, []) },
          { kind: 'map', id: 'ACME|1', fingerprint: fingerprintMapping(entry) },
        ],
      });
    });

    it('sorts every array by row key', () => {
      const p = propose({
        parties: [aBobCustomer({ id: 'B10' }), aBobCustomer({ id: 'B9' }), aBobSupplier({ id: 'S2' }), aBobSupplier({ id: 'S1' })],
        companies: [aCrmCompany({ id: '10', vat: VAT_A }), aCrmCompany({ id: '9', vat: VAT_B }), aCrmCompany({ id: '11', bobSync: false })],
        mapping: [aMappingEntry({ bobId: 'Z', crmId: '', noSync: true }), aMappingEntry({ bobId: 'A', crmId: '', noSync: true })],
        personalFields: [{ column: 'XB', label: 'B' }, { column: 'XA', label: 'A' }],
      });
      expect(p.bobToCrm.map((r) => r.key)).to.deep.equal(['B2C:B9', 'B2C:B10']);
      expect(p.crmToBob.map((r) => r.key)).to.deep.equal(['C2B:9', 'C2B:10']);
      expect(p.mapping.map((r) => r.key)).to.deep.equal(['MAP:A|', 'MAP:Z|']);
      expect(p.personalFields.map((r) => r.key)).to.deep.equal(['PF:XA', 'PF:XB']);
      expect(p.excluded.map((r) => r.key)).to.deep.equal(['EXC:B:S1', 'EXC:B:S2', 'EXC:C:11']);
    });

    it('gives the same proposal for the same input, in any order', () => {
      const parts: InputParts = {
        parties: [
          aBobCustomer({ id: 'ACME', vatNo: VAT_A, name: 'Acme BOB' }),
          aBobCustomer({ id: 'JP', name: 'Jan Peeters', postcode: '9000' }),
          aBobCustomer({ id: 'DUP', vatNo: VAT_B }),
          aBobSupplier({ id: 'SUP', vatNo: VAT_C }),
        ],
        contacts: [aBobContact({ id: '2', companyId: 'ACME', firstName: 'Els' }), aBobContact({ id: '1', companyId: 'ACME' })],
        companies: [
          aCrmCompany({ id: '1', vat: VAT_A }),
          aCrmCompany({ id: '2', vat: VAT_B }),
          aCrmCompany({ id: '3', vat: VAT_B }),
          aCrmCompany({ id: '4', name: 'Peeters Jan', address: { postcode: '9000' } }),
          aCrmCompany({ id: '5', name: 'Globex', vat: belgianVat(11111111) }),
          aCrmCompany({ id: '6', vat: VAT_C }),
        ],
        persons: [aCrmPerson({ id: '1', companyId: '1' })],
        mapping: [aMappingEntry({ bobId: 'X', crmId: '', noSync: true })],
      };
      const first = JSON.stringify(propose(parts));
      expect(JSON.stringify(propose(parts))).to.equal(first);
      const reversed: InputParts = {
        ...parts,
        parties: [...parts.parties!].reverse(),
        contacts: [...parts.contacts!].reverse(),
        companies: [...parts.companies!].reverse(),
      };
      expect(JSON.stringify(propose(reversed))).to.equal(first);
      expect(JSON.parse(first).bobToCrm).to.have.length(3);
    });
  });
});
