import { expect } from 'chai';
import { applyPlan, type ApplyResult } from '../../src/apply/apply-plan.js';
import { readJournal } from '../../src/apply/journal.js';
import { rowResults } from '../../src/apply/row-results.js';
import { buildPlan } from '../../src/engine/build-plan.js';
import type { RowDecision } from '../../src/engine/decisions.js';
import type { AnalysisInput } from '../../src/engine/model.js';
import type { BobInsertCustomerOp, Plan } from '../../src/engine/plan-model.js';
import { aBobContact, aBobCustomer, aCrmCompany, aCrmPerson, belgianVat } from '../engine/builders.js';
import { decisionsFor, freshOf, planRowsOf } from '../engine/plan-fixtures.js';
import { analyse, createWorld, openWorldBob, readWorld, simOpener, withCrm, withState, type World } from './world.js';

const NOW = '2025-03-01T12:00:00.000Z';

async function aWorld(): Promise<World> {
  return createWorld({
    parties: [
      aBobCustomer({ id: 'NEWCO', name: 'Newco', country: 'BE', address1: 'Rue Haute 1', postcode: 'BE1050', locality: 'Brussel' }),
      aBobCustomer({ id: 'UPD', name: 'Updated', vatNo: belgianVat(4287594), phone: '09 111 11 11' }),
    ],
    contacts: [
      aBobContact({ id: '1', companyId: 'NEWCO', firstName: 'Jan', lastName: 'Peeters' }),
      aBobContact({ id: '2', companyId: 'NEWCO', firstName: 'An', lastName: 'Claes' }),
    ],
    companies: [
      aCrmCompany({ id: '10', name: 'Updated', vat: belgianVat(4287594), phone: '09 000 00 00' }),
      aCrmCompany({ id: '20', name: 'From CRM', vat: belgianVat(5000003) }),
    ],
    persons: [aCrmPerson({ id: '5', companyId: '20', firstName: 'Els', lastName: 'Wouters' })],
  });
}

/** Analyses the world and plans its proposal with every decision kept (plus `changes`). */
async function planWorld(world: World, changes: Record<string, Partial<RowDecision>> = {}): Promise<{ plan: Plan; proposalId: string; input: AnalysisInput }> {
  const { proposalId, proposal } = await analyse(world);
  const input = await readWorld(world);
  const rows = planRowsOf(proposal);
  const plan = buildPlan({ proposalRows: rows, decisions: decisionsFor(rows, changes), fresh: freshOf(input), personalFields: [], now: NOW });
  return { plan, proposalId, input };
}

async function run(world: World, plan: Plan, proposalId: string, runId = 'R1', faults = {}): Promise<ApplyResult> {
  const opened = await openWorldBob(world);
  const crmSide = await simOpener(world, faults)();
  try {
    return await applyPlan(plan, {
      bob: opened.bob,
      crm: crmSide.crm,
      state: opened.state,
      concurrency: 3,
      runId,
      proposalId,
      earlier: readJournal(await opened.state.journal(proposalId)),
      now: () => new Date(NOW),
      user: 'tester',
    });
  } finally {
    await crmSide.close();
    await opened.close();
  }
}

describe('applyPlan', () => {
  let world: World;
  beforeEach(async () => {
    world = await aWorld();
  });
  afterEach(() => world.cleanup());

  it('applies every operation, journals each before and after, and marks the proposal applied', async () => {
    const { plan, proposalId } = await planWorld(world);
    const result = await run(world, plan, proposalId);
    expect(result.status).to.equal('applied');
    expect(result.operations.map((op) => [op.opId, op.status])).to.deep.equal(plan.operations.map((op) => [op.opId, 'applied']));
    const journal = await withState(world, (state) => state.journal(proposalId));
    for (const op of plan.operations) {
      expect(journal.filter((e) => e.opId === op.opId).map((e) => e.status)).to.deep.equal(['started', 'done']);
    }
    const created = result.operations.find((op) => op.opId === 'B2C:NEWCO#create-company')!;
    expect(JSON.parse(journal.find((e) => e.opId === created.opId && e.status === 'done')!.detail)).to.deep.equal(created.detail);
    const proposal = await withState(world, (state) => state.proposal(proposalId));
    expect(proposal).to.include({ status: 'applied', appliedRun: 'R1' });
    const after = await readWorld(world);
    expect(after.crm.companies.filter((c) => c.bobId === 'NEWCO')).to.have.length(1);
    expect(after.crm.persons.filter((p) => p.companyId === created.detail.crmId).map((p) => p.lastName).sort()).to.deep.equal(['Claes', 'Peeters']);
    expect(after.bob.thirdParties.map((p) => p.id)).to.include('FROMCRM');
  });

  it('marks a row failed when an operation fails and leaves its later operations unrun', async () => {
    const { plan, proposalId } = await planWorld(world);
    // Every CRM request is refused: creates and updates fail, the BOB insert succeeds.
    const result = await run(world, plan, proposalId, 'R1', { failAfter: 0 });
    const status = Object.fromEntries(result.operations.map((op) => [op.opId, op.status]));
    expect(status).to.deep.equal({
      'B2C:NEWCO#create-company': 'failed',
      'B2C:NEWCO#link': 'not-run',
      'B2C:UPD#update-company': 'failed',
      'B2C:UPD#link': 'not-run',
      'C2B:20#insert-customer': 'applied',
      'C2B:20#set-bobid': 'failed',
      'C2B:20#link': 'not-run',
    });
    expect(result.status).to.equal('partially-applied');
    const rows = rowResults(plan, result.operations);
    expect(rows.get('B2C:NEWCO')!.text).to.match(/^failed: .*unavailable/);
    expect((await withState(world, (state) => state.proposal(proposalId)))!.status).to.equal('partially-applied');
    const journal = await withState(world, (state) => state.journal(proposalId));
    expect(journal.filter((e) => e.opId === 'B2C:NEWCO#create-company').map((e) => e.status)).to.deep.equal(['started', 'failed']);
  });

  it('skips what an earlier run did and reuses the CRM id it created', async () => {
    const { plan, proposalId } = await planWorld(world);
    const first = await run(world, plan, proposalId, 'R1', { failAfter: 0 });
    expect(first.status).to.equal('partially-applied');
    const second = await run(world, plan, proposalId, 'R2');
    expect(second.status).to.equal('applied');
    expect(second.operations.find((op) => op.opId === 'C2B:20#insert-customer')).to.include({ status: 'skipped', previousRun: 'R1' });
    expect(second.counts).to.include({ skipped: 1, failed: 0, notRun: 0, applied: 6 });
    const after = await readWorld(world);
    expect(after.bob.thirdParties.filter((p) => p.id === 'FROMCRM')).to.have.length(1);
    expect(after.bob.contacts.filter((c) => c.companyId === 'FROMCRM')).to.have.length(1);
    expect(after.crm.companies.filter((c) => c.bobId === 'NEWCO')).to.have.length(1);
  });

  it('adopts a company whose create was sent but never answered instead of creating it again', async () => {
    const { plan, proposalId } = await planWorld(world);
    // The earlier run's POST reached the CRM, then the process died: journal `started` only.
    const existingId = await withCrm(world, async (crm) => {
      const id = await crm.createCompany({ name: 'Newco', type: 'Customer', bobId: 'NEWCO', bobSync: true });
      await crm.createPerson(id, { firstName: 'Jan', lastName: 'Peeters' });
      return id;
    });
    await withState(world, (state) =>
      state.writeJournal({
        runId: 'R0',
        opId: 'B2C:NEWCO#create-company',
        proposalId,
        rowKey: 'B2C:NEWCO',
        status: 'started',
        detail: '{}',
        at: NOW,
      }),
    );
    const result = await run(world, plan, proposalId, 'R1');
    const create = result.operations.find((op) => op.opId === 'B2C:NEWCO#create-company')!;
    expect(create.status).to.equal('applied');
    expect(create.detail).to.include({ crmId: existingId, adopted: true });
    const after = await readWorld(world);
    expect(after.crm.companies.filter((c) => c.bobId === 'NEWCO').map((c) => c.id)).to.deep.equal([existingId]);
    // What the first attempt had not created yet is completed: the address and the second person.
    expect(after.crm.companies.find((c) => c.id === existingId)!.address).to.include({ address1: 'Rue Haute 1', postcode: '1050' });
    expect(after.crm.persons.filter((p) => p.companyId === existingId).map((p) => p.lastName).sort()).to.deep.equal(['Claes', 'Peeters']);
    expect(after.mapping.find((e) => e.bobId === 'NEWCO')).to.include({ crmId: existingId });
  });

  it('adopts a BOB customer whose insert committed but whose journal entry was lost', async () => {
    const { plan, proposalId } = await planWorld(world);
    const insert = plan.operations.find((op) => op.opId === 'C2B:20#insert-customer')!;
    const opened = await openWorldBob(world);
    try {
      await opened.bob.transaction((tx) => tx.insertThirdParty((insert as BobInsertCustomerOp).party));
      await opened.state.writeJournal({
        runId: 'R0',
        opId: insert.opId,
        proposalId,
        rowKey: insert.rowKey,
        status: 'started',
        detail: '{"bobId":"FROMCRM"}',
        at: NOW,
      });
    } finally {
      await opened.close();
    }
    const result = await run(world, plan, proposalId, 'R1');
    expect(result.operations.find((op) => op.opId === insert.opId)).to.deep.include({ status: 'applied', detail: { bobId: 'FROMCRM', adopted: true } });
    const after = await readWorld(world);
    expect(after.bob.thirdParties.filter((p) => p.id === 'FROMCRM')).to.have.length(1);
  });

  it('refuses to insert a BOB customer under a code another third party took meanwhile', async () => {
    const { plan, proposalId } = await planWorld(world);
    const opened = await openWorldBob(world);
    try {
      await opened.bob.transaction((tx) => tx.insertThirdParty(aBobCustomer({ id: 'FROMCRM', name: 'Someone else' })));
    } finally {
      await opened.close();
    }
    const result = await run(world, plan, proposalId, 'R1');
    const insert = result.operations.find((op) => op.opId === 'C2B:20#insert-customer')!;
    expect(insert.status).to.equal('failed');
    expect(insert.reason).to.equal('BOB code FROMCRM is already used by another third party');
    expect(result.operations.find((op) => op.opId === 'C2B:20#set-bobid')!.status).to.equal('not-run');
  });
});
