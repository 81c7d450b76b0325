import { expect } from 'chai';
import { buildPlan } from '../../src/engine/build-plan.js';
import { buildProposal } from '../../src/engine/build-proposal.js';
import { conditionHolds } from '../../src/engine/conditions.js';
import type { RowDecision } from '../../src/engine/decisions.js';
import type { AnalysisInput, ConditionOperator } from '../../src/engine/model.js';
import type { BobInsertCustomerOp, CrmCreateCompanyOp, CrmUpdateCompanyOp, MapLinkOp, Operation, PlanInput } from '../../src/engine/plan-model.js';
import { recordsToRead } from '../../src/engine/staleness.js';
import {
  aBobContact,
  aBobCustomer,
  aCrmCompany,
  aCrmField,
  aCrmPerson,
  aMappingEntry,
  anAnalysisInput,
  belgianVat,
} from './builders.js';
import { decisionsFor, freshOf, planRowsOf } from './plan-fixtures.js';

const NOW = '2025-03-01T10:00:00.000Z';
const V_NEW = belgianVat(4030192);
const V_UPD = belgianVat(4287594);
const V_LNK = belgianVat(5000001);
const V_CHO = belgianVat(5000002);
const V_C2B = belgianVat(5000003);

/** One row of each kind: create, update, link and choose from BOB; one company to create in BOB. */
function scenario(): AnalysisInput {
  return anAnalysisInput({
    parties: [
      aBobCustomer({
        id: 'NEWCO',
        name: 'Newco',
        vatRef: 'BE',
        vatNo: V_NEW.slice(2),
        address1: 'Rue Haute 1',
        postcode: 'BE1050',
        locality: 'Brussel',
        country: 'BE',
        phone: '02 123 45 67',
        personal: { XSECTOR: 'Retail' },
      }),
      aBobCustomer({ id: 'UPD', name: 'Updated', vatNo: V_UPD, phone: '09 111 11 11', personal: { XSECTOR: 'Food' } }),
      aBobCustomer({ id: 'LNK', name: 'Linked', vatNo: V_LNK, personal: { XSECTOR: 'Retail' } }),
      aBobCustomer({ id: 'CHO', name: 'Chosen', vatNo: V_CHO, personal: { XSECTOR: 'Retail' } }),
    ],
    contacts: [
      aBobContact({ id: '1', companyId: 'NEWCO', firstName: 'Jan', lastName: 'Peeters', email: 'jan@newco.be' }),
      aBobContact({ id: '2', companyId: 'NEWCO', firstName: 'An', lastName: 'Claes', mobile: '0475 11 22 33' }),
      aBobContact({ id: '3', companyId: 'UPD', firstName: 'Jan', lastName: 'Peeters' }),
      aBobContact({ id: '4', companyId: 'UPD', firstName: 'Piet', lastName: 'Janssens' }),
    ],
    companies: [
      aCrmCompany({ id: '10', name: 'Updated', vat: V_UPD, phone: '09 000 00 00', custom: { comp_sector: 'Food' }, address: { postcode: '9000' } }),
      aCrmCompany({ id: '11', name: 'Linked', vat: V_LNK, custom: { comp_sector: 'Retail' } }),
      aCrmCompany({ id: '12', name: 'Chosen A', vat: V_CHO, custom: { comp_sector: 'Retail' } }),
      aCrmCompany({ id: '13', name: 'Chosen B', vat: V_CHO }),
      aCrmCompany({
        id: '20',
        name: 'From CRM',
        vat: `BE ${V_C2B.slice(2, 6)}.${V_C2B.slice(6, 9)}.${V_C2B.slice(9)}`,
        phone: '03 333 33 33',
        custom: { comp_sector: 'Services' },
        address: { address1: 'Meir 1', postcode: '2000', city: 'Antwerpen', country: 'Belgium' },
      }),
    ],
    persons: [
      aCrmPerson({ id: '1', companyId: '10', firstName: 'Jan', lastName: 'Peeters' }),
      aCrmPerson({ id: '2', companyId: '20', firstName: 'Els', lastName: 'Wouters', email: 'els@crm.be' }),
    ],
    fields: [aCrmField({ name: 'comp_sector', caption: 'Sector' })],
    personalFields: [{ column: 'XSECTOR', label: 'Sector' }],
  });
}

function planFor(input: AnalysisInput, changes: Record<string, Partial<RowDecision>> = {}, overrides: Partial<PlanInput> = {}) {
  const proposal = buildProposal(input);
  const proposalRows = planRowsOf(proposal);
  const plan = buildPlan({
    proposalRows,
    decisions: decisionsFor(proposalRows, changes),
    fresh: freshOf(input),
    personalFields: input.personalFields,
    now: NOW,
    ...overrides,
  });
  return { proposal, proposalRows, plan };
}

const opsOf = (ops: Operation[], rowKey: string): Operation[] => ops.filter((op) => op.rowKey === rowKey);
const kindsOf = (ops: Operation[], rowKey: string): string[] => opsOf(ops, rowKey).map((op) => op.kind);

describe('buildPlan', () => {
  it('turns the scenario into the proposal the plan tests expect', () => {
    const { proposal } = planFor(scenario());
    expect(proposal.bobToCrm.map((r) => [r.key, r.action])).to.deep.equal([
      ['B2C:CHO', 'choose'],
      ['B2C:LNK', 'link'],
      ['B2C:NEWCO', 'create-crm'],
      ['B2C:UPD', 'update-crm'],
    ]);
    expect(proposal.crmToBob.map((r) => r.key)).to.deep.equal(['C2B:20']);
  });

  it('creates a BOB customer in the CRM with its address, persons, personal fields and BOB id, then links it', () => {
    const { plan } = planFor(scenario());
    const [create, link] = opsOf(plan.operations, 'B2C:NEWCO') as [CrmCreateCompanyOp, MapLinkOp];
    expect(create.kind).to.equal('crm-create-company');
    expect(create.opId).to.equal('B2C:NEWCO#create-company');
    expect(create.company).to.deep.equal({
      name: 'Newco',
      type: 'Customer',
      bobSync: true,
      bobId: 'NEWCO',
      phone: '02 123 45 67',
      vat: V_NEW,
      custom: { comp_sector: 'Retail' },
    });
    expect(create.address).to.deep.equal({ address1: 'Rue Haute 1', postcode: '1050', city: 'Brussel', country: 'BE' });
    expect(create.persons).to.deep.equal([
      { firstName: 'Jan', lastName: 'Peeters', email: 'jan@newco.be' },
      { firstName: 'An', lastName: 'Claes', phone: '0475 11 22 33' },
    ]);
    expect(link.kind).to.equal('map-link');
    expect(link.dependsOn).to.deep.equal([create.opId]);
    expect(link.crmIdFrom).to.equal(create.opId);
    expect(link.entry).to.deep.equal({ bobId: 'NEWCO', crmId: '', noSync: false, linkedAt: NOW, lastSyncAt: NOW });
  });

  it('updates only the changed fields of a matched company, adds the missing persons and stores the BOB id', () => {
    const { plan } = planFor(scenario());
    const [update, link] = opsOf(plan.operations, 'B2C:UPD') as [CrmUpdateCompanyOp, MapLinkOp];
    expect(update.kind).to.equal('crm-update-company');
    expect(update.crmId).to.equal('10');
    expect(update.company).to.deep.equal({ phone: '09 111 11 11', bobId: 'UPD' });
    expect(update.address).to.equal(null);
    expect(update.persons).to.deep.equal([{ firstName: 'Piet', lastName: 'Janssens' }]);
    expect(link.entry).to.include({ bobId: 'UPD', crmId: '10', noSync: false });
    expect(link.dependsOn).to.deep.equal([update.opId]);
  });

  it('only stores the BOB id on a Link row', () => {
    const { plan } = planFor(scenario());
    expect(kindsOf(plan.operations, 'B2C:LNK')).to.deep.equal(['crm-set-bobid', 'map-link']);
    expect(opsOf(plan.operations, 'B2C:LNK')[0]).to.include({ crmId: '11', bobId: 'LNK', opId: 'B2C:LNK#set-bobid' });
  });

  it('skips a Choose row without a choice, links the chosen candidate, or creates on "new"', () => {
    expect(planFor(scenario()).plan.skipped).to.deep.include({
      rowKey: 'B2C:CHO',
      sheet: 'bobToCrm',
      reason: 'needs a choice',
      detail: 'choose a CRM id among the candidates, or "new", in Link to CRM id',
    });
    const chosen = planFor(scenario(), { 'B2C:CHO': { linkToCrmId: '13' } }).plan;
    const update = opsOf(chosen.operations, 'B2C:CHO')[0] as CrmUpdateCompanyOp;
    expect(update.kind).to.equal('crm-update-company');
    expect(update.crmId).to.equal('13');
    expect(update.company).to.deep.equal({ name: 'Chosen', custom: { comp_sector: 'Retail' }, bobId: 'CHO' });
    expect((opsOf(chosen.operations, 'B2C:CHO')[1] as MapLinkOp).entry.crmId).to.equal('13');
    const created = planFor(scenario(), { 'B2C:CHO': { linkToCrmId: 'new' } }).plan;
    expect(kindsOf(created.operations, 'B2C:CHO')).to.deep.equal(['crm-create-company', 'map-link']);
  });

  it('creates a CRM customer in BOB under the New BOB id, with its VAT number split, then stores the id and links', () => {
    const { plan } = planFor(scenario(), { 'C2B:20': { newBobId: 'fromcrm' } });
    const ops = opsOf(plan.operations, 'C2B:20');
    expect(ops.map((op) => op.opId)).to.deep.equal(['C2B:20#insert-customer', 'C2B:20#set-bobid', 'C2B:20#link']);
    const insert = ops[0] as BobInsertCustomerOp;
    expect(insert.party).to.include({
      id: 'FROMCRM',
      isCustomer: true,
      isSupplier: false,
      name: 'From CRM',
      vatRef: 'BE',
      vatNo: V_C2B.slice(2),
      address1: 'Meir 1',
      postcode: '2000',
      locality: 'Antwerpen',
      country: 'BE',
      // In BOB's style: the same digits, written as BOB's users write them.
      phone: '03/333.33.33',
    });
    expect(insert.party.personal).to.deep.equal({ XSECTOR: 'Services' });
    expect(insert.contacts).to.deep.equal([
      { id: '', companyId: 'FROMCRM', lastName: 'Wouters', firstName: 'Els', title: '', phone: '', mobile: '', email: 'els@crm.be', language: '' },
    ]);
    expect(ops[1]).to.include({ kind: 'crm-set-bobid', crmId: '20', bobId: 'FROMCRM' });
    expect(ops[1]!.dependsOn).to.deep.equal(['C2B:20#insert-customer']);
    expect((ops[2] as MapLinkOp).entry).to.include({ bobId: 'FROMCRM', crmId: '20' });
    expect(ops[2]!.dependsOn).to.deep.equal(['C2B:20#insert-customer', 'C2B:20#set-bobid']);
  });

  it('stores No sync with the BOB id alone for a BOB row and the CRM id alone for a CRM row', () => {
    const { plan } = planFor(scenario(), { 'B2C:UPD': { noSync: true }, 'C2B:20': { noSync: true } });
    expect(opsOf(plan.operations, 'B2C:UPD')).to.deep.equal([
      {
        opId: 'B2C:UPD#nosync',
        rowKey: 'B2C:UPD',
        dependsOn: [],
        kind: 'map-nosync',
        entry: { bobId: 'UPD', crmId: '', noSync: true, linkedAt: '', lastSyncAt: '' },
      },
    ]);
    expect((opsOf(plan.operations, 'C2B:20')[0] as { entry: unknown }).entry).to.deep.equal({
      bobId: '',
      crmId: '20',
      noSync: true,
      linkedAt: '',
      lastSyncAt: '',
    });
    expect(plan.skipped.filter((s) => s.reason === 'no sync').map((s) => s.rowKey)).to.deep.equal(['B2C:UPD', 'C2B:20']);
  });

  it('keeps the link when No sync is set on a linked pair', () => {
    const input = scenario();
    input.mapping = [aMappingEntry({ bobId: 'UPD', crmId: '10' })];
    const { plan } = planFor(input, { 'B2C:UPD': { noSync: true } });
    expect((opsOf(plan.operations, 'B2C:UPD')[0] as { entry: unknown }).entry).to.deep.equal({
      ...aMappingEntry({ bobId: 'UPD', crmId: '10' }),
      noSync: true,
    });
  });

  it('plans nothing and stores nothing for Not this time', () => {
    const { plan } = planFor(scenario(), { 'B2C:NEWCO': { notThisTime: true } });
    expect(opsOf(plan.operations, 'B2C:NEWCO')).to.deep.equal([]);
    expect(plan.mappingChanges.map((c) => c.rowKey)).to.not.include('B2C:NEWCO');
    expect(plan.skipped).to.deep.include({ rowKey: 'B2C:NEWCO', sheet: 'bobToCrm', reason: 'not this time', detail: 'Not this time: proposed again next time' });
  });

  it('marks a row stale when its BOB record changed after the export, and plans the others', () => {
    const input = scenario();
    const { proposalRows } = planFor(input);
    const fresh = freshOf(input);
    const upd = fresh.bob.get('UPD')!;
    fresh.bob.set('UPD', { ...upd, party: { ...upd.party, phone: '09 999 99 99' } });
    const plan = buildPlan({ proposalRows, decisions: decisionsFor(proposalRows), fresh, personalFields: input.personalFields, now: NOW });
    expect(plan.skipped).to.deep.include({ rowKey: 'B2C:UPD', sheet: 'bobToCrm', reason: 'stale', detail: 'BOB third party UPD changed since the export' });
    expect(opsOf(plan.operations, 'B2C:UPD')).to.deep.equal([]);
    expect(kindsOf(plan.operations, 'B2C:NEWCO')).to.deep.equal(['crm-create-company', 'map-link']);
    expect(kindsOf(plan.operations, 'C2B:20')).to.have.length(3);
  });

  it('marks a row stale when a record disappeared, a contact changed or a mapping entry appeared', () => {
    const input = scenario();
    const { proposalRows } = planFor(input);
    const fresh = freshOf(input);
    fresh.crm.delete('11');
    const newco = fresh.bob.get('NEWCO')!;
    fresh.bob.set('NEWCO', { ...newco, contacts: newco.contacts.slice(1) });
    fresh.mapping.push(aMappingEntry({ bobId: 'SOMEONE', crmId: '20' }));
    fresh.bob.set('SOMEONE', { party: aBobCustomer({ id: 'SOMEONE' }), contacts: [] });
    fresh.mapping.push(aMappingEntry({ bobId: 'UPD', crmId: '', noSync: false }));
    const plan = buildPlan({ proposalRows, decisions: decisionsFor(proposalRows), fresh, personalFields: input.personalFields, now: NOW });
    const stale = Object.fromEntries(plan.skipped.filter((s) => s.reason === 'stale').map((s) => [s.rowKey, s.detail]));
    expect(stale).to.deep.equal({
      'B2C:LNK': 'CRM company 11 no longer exists',
      'B2C:NEWCO': 'BOB third party NEWCO changed since the export',
      'B2C:UPD': 'a mapping entry for BOB UPD appeared since the export (UPD|)',
      'C2B:20': 'a mapping entry for CRM 20 appeared since the export (SOMEONE|20)',
    });
    expect(plan.operations.filter((op) => op.rowKey.startsWith('B2C:') || op.rowKey.startsWith('C2B:'))).to.deep.equal([]);
  });

  it('ignores an old mapping entry whose BOB side no longer exists', () => {
    const input = scenario();
    input.mapping = [aMappingEntry({ bobId: 'GONE', crmId: '20' })];
    const { plan } = planFor(input);
    expect(kindsOf(plan.operations, 'C2B:20')).to.deep.equal(['bob-insert-customer', 'crm-set-bobid', 'map-link']);
  });

  it('does not judge a row an earlier run started, and writes the fresh values', () => {
    const input = scenario();
    const { proposalRows } = planFor(input);
    const fresh = freshOf(input);
    const upd = fresh.bob.get('UPD')!;
    fresh.bob.set('UPD', { ...upd, party: { ...upd.party, phone: '09 222 22 22' } });
    const plan = buildPlan({
      proposalRows,
      decisions: decisionsFor(proposalRows),
      fresh,
      personalFields: input.personalFields,
      now: NOW,
      resumedRows: new Set(['B2C:UPD']),
    });
    expect((opsOf(plan.operations, 'B2C:UPD')[0] as CrmUpdateCompanyOp).company.phone).to.equal('09 222 22 22');
  });

  it('skips the customers whose personal field fails the condition', () => {
    const { plan } = planFor(scenario(), { 'PF:XSECTOR': { condition: '=', value: 'retail' } });
    const skipped = plan.skipped.filter((s) => s.reason.startsWith('condition'));
    expect(skipped.map((s) => [s.rowKey, s.reason])).to.deep.equal([
      ['B2C:UPD', 'condition XSECTOR'],
      ['C2B:20', 'condition XSECTOR'],
    ]);
    expect(skipped[0]!.detail).to.equal('XSECTOR is "Food", the condition is = "retail"');
    expect(kindsOf(plan.operations, 'B2C:NEWCO')).to.deep.equal(['crm-create-company', 'map-link']);
  });

  it('does not send a personal field whose Sel was cleared', () => {
    const { plan } = planFor(scenario(), { 'PF:XSECTOR': { sel: false } });
    expect((opsOf(plan.operations, 'B2C:NEWCO')[0] as CrmCreateCompanyOp).company.custom).to.equal(undefined);
    expect((opsOf(plan.operations, 'C2B:20')[0] as BobInsertCustomerOp).party.personal).to.deep.equal({});
  });

  it('saves the personal field decisions as settings', () => {
    const { plan } = planFor(scenario(), { 'PF:XSECTOR': { condition: 'not empty', sel: true, crmField: 'comp_sector' } });
    const expected = { column: 'XSECTOR', crmField: 'comp_sector', selected: true, condition: 'not empty', value: '' };
    expect(plan.settings).to.deep.equal([expected]);
    expect(opsOf(plan.operations, 'PF:XSECTOR')).to.deep.equal([
      { opId: 'PF:XSECTOR#pf-save', rowKey: 'PF:XSECTOR', dependsOn: [], kind: 'pf-save', setting: expected },
    ]);
  });

  it('clears No sync in the mapping table: the flag on a link, the whole entry when unlinked', () => {
    const input = scenario();
    input.mapping = [
      aMappingEntry({ bobId: 'OLD', crmId: '', noSync: true, linkedAt: '' }),
      aMappingEntry({ bobId: 'PAIR', crmId: '77', noSync: true }),
      aMappingEntry({ bobId: 'KEPT', crmId: '', noSync: true, linkedAt: '' }),
    ];
    const { plan } = planFor(input, { 'MAP:OLD|': { noSync: false }, 'MAP:PAIR|77': { noSync: false } });
    expect(opsOf(plan.operations, 'MAP:OLD|')).to.deep.include.members([
      {
        opId: 'MAP:OLD|#clear-nosync',
        rowKey: 'MAP:OLD|',
        dependsOn: [],
        kind: 'map-clear-nosync',
        entry: { bobId: 'OLD', crmId: '', noSync: false, linkedAt: '', lastSyncAt: '' },
        remove: true,
      },
    ]);
    expect(opsOf(plan.operations, 'MAP:PAIR|77')[0]).to.include({ kind: 'map-clear-nosync', remove: false });
    expect(plan.skipped).to.deep.include({ rowKey: 'MAP:KEPT|', sheet: 'mapping', reason: 'unchanged', detail: '' });
    expect(plan.mappingChanges.filter((c) => c.rowKey.startsWith('MAP:')).map((c) => c.change)).to.deep.equal(['remove', 'clear no sync']);
  });

  it('skips rows deleted from the workbook and ignores the Excluded sheet', () => {
    const input = scenario();
    input.bob.thirdParties.push(aBobCustomer({ id: 'SUP', isCustomer: false, isSupplier: true }));
    const { proposal, proposalRows } = planFor(input);
    expect(proposal.excluded.map((r) => r.key)).to.include('EXC:B:SUP');
    const decisions = decisionsFor(proposalRows);
    decisions.rows.delete('B2C:NEWCO');
    const plan = buildPlan({ proposalRows, decisions, fresh: freshOf(input), personalFields: input.personalFields, now: NOW });
    expect(plan.skipped.find((s) => s.rowKey === 'B2C:NEWCO')?.reason).to.equal('deleted');
    expect(plan.skipped.map((s) => s.rowKey)).to.not.include('EXC:B:SUP');
    expect(plan.operations.map((op) => op.rowKey)).to.not.include('B2C:NEWCO');
  });

  it('gives every operation a unique id', () => {
    const { plan } = planFor(scenario(), { 'B2C:CHO': { linkToCrmId: '12' } });
    const ids = plan.operations.map((op) => op.opId);
    expect(new Set(ids).size).to.equal(ids.length);
  });
});

describe('recordsToRead', () => {
  it('names the source records, chosen candidates and the BOB side of entries naming those companies', () => {
    const input = scenario();
    const { proposalRows } = planFor(input);
    const decisions = decisionsFor(proposalRows, { 'B2C:CHO': { linkToCrmId: '13' } });
    const ids = recordsToRead(proposalRows, decisions, [aMappingEntry({ bobId: 'OTHER', crmId: '20' })]);
    expect(ids).to.deep.equal({ bobIds: ['CHO', 'LNK', 'NEWCO', 'OTHER', 'UPD'], crmIds: ['10', '11', '12', '13', '20'] });
  });
});

describe('conditionHolds', () => {
  const cases: Array<[ConditionOperator | '', string, string, boolean]> = [
    ['', 'anything', '', true],
    ['=', 'Retail ', 'retail', true],
    ['=', 'Retail', 'Food', false],
    ['≠', 'Retail', 'Food', true],
    ['contains', 'Food and drinks', 'DRINK', true],
    ['starts with', 'Food and drinks', 'drinks', false],
    ['empty', ' ', '', true],
    ['not empty', '', '', false],
    ['<', '9', '10', true],
    ['<', '9,5', '9.6', true],
    ['>', '100', '20', true],
    ['>', 'b', 'a', true],
    ['<', '', '10', false],
  ];
  for (const [operator, actual, expected, holds] of cases) {
    it(`${JSON.stringify(actual)} ${operator || '(none)'} ${JSON.stringify(expected)} is ${holds}`, () => {
      expect(conditionHolds(operator, actual, expected)).to.equal(holds);
    });
  }
});
