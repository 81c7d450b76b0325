/** StatePort behaviour over a real database; run by the SQLite suite and the SQL Server suite. */
import { expect } from 'chai';
import type { MappingEntry } from '../../../src/engine/model.js';
import { BobsyncError } from '../../../src/errors.js';
import type { SqlExecutor } from '../../../src/sources/bob/executor.js';
import type { JournalStatus, ProposalRecord, ProposalRowRecord, StatePort } from '../../../src/sources/state/state-port.js';
import { createStateStore, stateTableNames } from '../../../src/sources/state/state-store.js';
import { useHarness, type DatabaseHarness } from '../bob/harness.js';

/** The time the schema version is recorded with. */
const MIGRATED_AT = new Date('2024-06-01T08:00:00Z');

function aMapping(overrides: Partial<MappingEntry>): MappingEntry {
  return { bobId: '', crmId: '', noSync: false, linkedAt: '', lastSyncAt: '', ...overrides };
}

function aProposal(overrides: Partial<ProposalRecord> = {}): ProposalRecord {
  return {
    id: 'P1', createdAt: '2024-06-01T08:00:00.000Z', createdBy: 'anna', format: 'xlsx', lang: 'nl',
    fileSha256: '', metaSha256: 'm'.repeat(64), outputPath: '', status: 'open', appliedRun: '',
    ...overrides,
  };
}

function proposalRows(proposalId: string, count: number): ProposalRowRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    proposalId,
    key: `B2C:C${String(count - index).padStart(6, '0')}`,
    sheet: 'bobToCrm',
    cellHash: `hash${index}`,
    sources: [{ kind: 'bob', id: `C${index}`, fingerprint: `f${index}` }],
    payload: JSON.stringify({ index, text: 'é'.repeat(index === 0 ? 5000 : 1) }),
  }));
}

export function stateStoreCases(harness: DatabaseHarness): void {
  describe(`createStateStore (${harness.engine})`, () => {
    useHarness(harness);

    async function aStore(): Promise<{ db: SqlExecutor; state: StatePort; prefix: string }> {
      const db = await harness.open();
      const prefix = harness.statePrefix();
      const state = createStateStore(db, prefix);
      await state.migrate(MIGRATED_AT);
      return { db, state, prefix };
    }

    it('creates every table once, however often it migrates', async () => {
      const { db, state, prefix } = await aStore();
      await state.migrate(MIGRATED_AT);
      await createStateStore(await harness.open(), prefix).migrate(MIGRATED_AT);
      for (const table of stateTableNames(prefix)) expect(await db.columns(table), table).to.not.equal(null);
      const versions = await db.query(`SELECT [VERSION] FROM [${prefix}SCHEMA]`);
      expect(versions).to.deep.equal([{ VERSION: 1 }]);
    });

    it('refuses a table of the same name that is not its own', async () => {
      const db = await harness.open();
      const prefix = harness.statePrefix();
      await db.execute(`CREATE TABLE [${prefix}LOCK] ([SOMETHING] INT)`);
      try {
        await createStateStore(db, prefix).migrate(MIGRATED_AT);
        expect.fail('migrate accepted a foreign table');
      } catch (error) {
        expect(error).to.be.instanceOf(BobsyncError);
        expect((error as BobsyncError).code).to.equal('config');
        expect((error as BobsyncError).message).to.contain(`${prefix}LOCK`);
      }
    });

    it('inserts, replaces and deletes mapping entries', async () => {
      const { state } = await aStore();
      await state.upsertMapping([
        aMapping({ bobId: 'ACME', crmId: '12', linkedAt: '2024-06-01T08:00:00.000Z' }),
        aMapping({ bobId: 'SKIP', noSync: true }),
        aMapping({ crmId: '77', noSync: true }),
      ]);
      await state.upsertMapping([aMapping({ bobId: 'ACME', crmId: '12', linkedAt: '2024-06-01T08:00:00.000Z', lastSyncAt: '2024-06-02T08:00:00.000Z' })]);
      expect(await state.mapping()).to.deep.equal([
        aMapping({ crmId: '77', noSync: true }),
        aMapping({ bobId: 'ACME', crmId: '12', linkedAt: '2024-06-01T08:00:00.000Z', lastSyncAt: '2024-06-02T08:00:00.000Z' }),
        aMapping({ bobId: 'SKIP', noSync: true }),
      ]);
      await state.deleteMapping('SKIP', '');
      expect((await state.mapping()).map((entry) => entry.bobId)).to.deep.equal(['', 'ACME']);
    });

    it('replaces the entries that share the BOB id or the CRM id of a new entry', async () => {
      const { state } = await aStore();
      await state.upsertMapping([aMapping({ crmId: '77', noSync: true }), aMapping({ bobId: 'OLD', crmId: '12' })]);
      await state.upsertMapping([aMapping({ bobId: 'NEW', crmId: '77' }), aMapping({ bobId: 'NEW2', crmId: '12' })]);
      expect(await state.mapping()).to.deep.equal([aMapping({ bobId: 'NEW', crmId: '77' }), aMapping({ bobId: 'NEW2', crmId: '12' })]);
    });

    it('keeps the later of two conflicting entries in one call', async () => {
      const { state } = await aStore();
      await state.upsertMapping([aMapping({ bobId: 'A', crmId: '1' }), aMapping({ bobId: 'A', crmId: '2', noSync: true })]);
      expect(await state.mapping()).to.deep.equal([aMapping({ bobId: 'A', crmId: '2', noSync: true })]);
    });

    it('saves personal field settings, replacing those of the same column', async () => {
      const { state } = await aStore();
      await state.savePersonalFieldSettings([
        { column: 'XSECTOR', crmField: 'comp_sector', selected: true, condition: '=', value: 'Retail' },
        { column: 'XREGION', crmField: '', selected: false, condition: '', value: '' },
      ]);
      await state.savePersonalFieldSettings([{ column: 'xsector', crmField: 'comp_sector', selected: false, condition: '', value: '' }]);
      expect(await state.personalFieldSettings()).to.deep.equal([
        { column: 'XREGION', crmField: '', selected: false, condition: '', value: '' },
        { column: 'XSECTOR', crmField: 'comp_sector', selected: false, condition: '', value: '' },
      ]);
    });

    it('registers a proposal with its rows and reads them back in the order registered', async () => {
      const { state } = await aStore();
      const rows = proposalRows('P1', 1200);
      async function* stream(): AsyncIterable<ProposalRowRecord> {
        yield* rows;
      }
      await state.registerProposal(aProposal(), stream());
      expect(await state.proposal('P1')).to.deep.equal(aProposal());
      const read: ProposalRowRecord[] = [];
      for await (const row of state.proposalRows('P1')) read.push(row);
      expect(read).to.deep.equal(rows);
    });

    it('records the written file and the status of a proposal', async () => {
      const { state } = await aStore();
      await state.registerProposal(aProposal(), proposalRows('P1', 2));
      await state.setProposalFile('P1', 'a'.repeat(64), 'out/proposal.xlsx');
      await state.setProposalStatus('P1', 'applied', 'R1');
      expect(await state.proposal('P1')).to.deep.equal(
        aProposal({ fileSha256: 'a'.repeat(64), outputPath: 'out/proposal.xlsx', status: 'applied', appliedRun: 'R1' }),
      );
      expect(await state.proposal('P2')).to.equal(null);
    });

    it('drops a proposal with its rows', async () => {
      const { state } = await aStore();
      await state.registerProposal(aProposal(), proposalRows('P1', 3));
      await state.registerProposal(aProposal({ id: 'P2' }), proposalRows('P2', 2));
      await state.dropProposal('P1');
      expect(await state.proposal('P1')).to.equal(null);
      const left: string[] = [];
      for await (const row of state.proposalRows('P1')) left.push(row.key);
      expect(left).to.deep.equal([]);
      expect(await state.proposal('P2')).to.not.equal(null);
    });

    it('registers nothing when reading the rows fails half-way', async () => {
      const { state } = await aStore();
      async function* failing(): AsyncIterable<ProposalRowRecord> {
        yield* proposalRows('P1', 10);
        throw new Error('export failed');
      }
      let failed = false;
      try {
        await state.registerProposal(aProposal(), failing());
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
      expect(await state.proposal('P1')).to.equal(null);
      await state.registerProposal(aProposal(), proposalRows('P1', 1));
    });

    it('refuses to register the same proposal twice', async () => {
      const { state } = await aStore();
      await state.registerProposal(aProposal(), proposalRows('P1', 1));
      try {
        await state.registerProposal(aProposal(), []);
        expect.fail('registered twice');
      } catch (error) {
        expect((error as BobsyncError).code).to.equal('internal');
      }
    });

    it('gives the run lock to one holder at a time, across connections', async () => {
      const { state: first, prefix } = await aStore();
      const second = createStateStore(await harness.open(), prefix);
      expect(await first.acquireLock('anna@pc1 #1', '2024-06-01T08:00:00.000Z')).to.equal(null);
      expect(await second.acquireLock('bert@pc2 #7', '2024-06-01T08:01:00.000Z')).to.deep.equal({
        holder: 'anna@pc1 #1',
        at: '2024-06-01T08:00:00.000Z',
      });
      expect(await first.acquireLock('anna@pc1 #1', '2024-06-01T08:02:00.000Z')).to.equal(null);
      await second.releaseLock('bert@pc2 #7');
      expect(await second.acquireLock('bert@pc2 #7', '2024-06-01T08:03:00.000Z')).to.have.property('holder', 'anna@pc1 #1');
      await first.releaseLock('anna@pc1 #1');
      expect(await second.acquireLock('bert@pc2 #7', '2024-06-01T08:04:00.000Z')).to.equal(null);
    });

    it('records runs and their end', async () => {
      const { state } = await aStore();
      const run = {
        id: 'R1', proposalId: 'P1', startedAt: '2024-06-01T09:00:00.000Z', startedBy: 'anna', finishedAt: '',
        status: 'running' as const, fileSha256: 'b'.repeat(64), counts: '{}', resultSha256: '',
      };
      await state.startRun(run);
      await state.startRun({ ...run, id: 'R0', proposalId: 'P9' });
      await state.finishRun('R1', 'finished', '2024-06-01T09:05:00.000Z', '{"applied":3}', 'c'.repeat(64));
      expect(await state.runs('P1')).to.deep.equal([
        { ...run, status: 'finished', finishedAt: '2024-06-01T09:05:00.000Z', counts: '{"applied":3}', resultSha256: 'c'.repeat(64) },
      ]);
    });

    it('returns the journal of a proposal in the order it was written', async () => {
      const { state } = await aStore();
      const entry = { runId: 'R1', opId: 'B2C:ACME#create-company', proposalId: 'P1', rowKey: 'B2C:ACME', status: 'started' as JournalStatus, detail: '{}', at: '2024-06-01T09:00:00.000Z' };
      await state.writeJournal(entry);
      await state.writeJournal({ ...entry, proposalId: 'P2', rowKey: 'B2C:OTHER' });
      await state.writeJournal({ ...entry, status: 'done', detail: '{"crmId":"12"}' });
      await state.writeJournal({ ...entry, opId: 'B2C:ACME#create-person', status: 'failed', detail: '{"error":"500"}' });
      expect((await state.journal('P1')).map((e) => [e.opId, e.status, e.detail])).to.deep.equal([
        ['B2C:ACME#create-company', 'started', '{}'],
        ['B2C:ACME#create-company', 'done', '{"crmId":"12"}'],
        ['B2C:ACME#create-person', 'failed', '{"error":"500"}'],
      ]);
      expect(await state.journal('P2')).to.have.length(1);
    });
  });
}
