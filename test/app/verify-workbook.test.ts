import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { runImport } from '../../src/app/run-import.js';
import { verifyWorkbook } from '../../src/app/verify-workbook.js';
import { brusselsTime } from '../../src/workbook/brussels-time.js';
import { analyse, confirm, createWorld, importDeps, openWorldBob, type World } from '../apply/world.js';
import { aBobCustomer, aCrmCompany, belgianVat } from '../engine/builders.js';
import { setCells } from '../import/fixtures.js';

const NOW = new Date('2025-03-02T08:00:00Z');

describe('verifyWorkbook', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld({
      parties: [aBobCustomer({ id: 'NEWCO', name: 'Newco' }), aBobCustomer({ id: 'OTHER', name: 'Other' })],
      companies: [aCrmCompany({ id: '20', name: 'From CRM', vat: belgianVat(5000003) })],
    });
  });
  afterEach(() => world.cleanup());

  const deps = () => ({ config: world.config, env: {}, now: () => NOW, openBob: () => openWorldBob(world) });

  it('recognises the exported proposal, the imported workbook and the result, with who and when', async () => {
    const { path: file, proposalId } = await analyse(world);
    const exported = `${world.dir}/as-exported.xlsx`;
    fs.copyFileSync(file, exported);
    expect(await verifyWorkbook(exported, deps())).to.deep.include({
      authentic: true,
      kind: 'proposal',
      proposalId,
      message: `authentic: proposal ${proposalId} as exported on 2025-03-01 11:00:00 (Brussels time) by exporter`,
    });

    await confirm(file, 'en', 'An Auditor');
    await setCells(file, [['bobToCrm', 'B2C:OTHER', 'notThisTime', 'Yes']]);
    const report = await runImport({ path: file, apply: true, json: false }, importDeps(world));
    const run = report.run!;

    const imported = await verifyWorkbook(file, deps());
    expect(imported).to.deep.include({ authentic: true, kind: 'imported' });
    expect(imported.run).to.include({ id: run.id, startedBy: 'tester' });
    expect(imported.decisions).to.deep.include({ notThisTime: 1, confirmed: true, reviewedBy: 'An Auditor' });

    const result = await verifyWorkbook(report.resultPath, deps());
    expect(result).to.deep.include({ authentic: true, kind: 'result', proposalId });
    expect(result.message).to.equal(`authentic: the result of run ${run.id} (proposal ${proposalId}, applied), written on ${brusselsTime(run.finishedAt)} (Brussels time) by tester`);
    expect(result.run!.outcome).to.equal('applied');
    expect(result.proposal).to.include({ id: proposalId, createdBy: 'exporter', status: 'applied', appliedRun: run.id });
    expect(result.runs.map((r) => r.id)).to.deep.equal([run.id]);
    expect(result.run!.counts).to.include({ 'rows applied': 2, 'rows skipped: not this time': 1 });
  });

  it('tells an edited copy that was never applied from an altered file', async () => {
    const { path: file, proposalId } = await analyse(world);
    await setCells(file, [['bobToCrm', 'B2C:OTHER', 'notThisTime', 'Yes']]);
    const edited = await verifyWorkbook(file, deps());
    expect(edited).to.deep.include({ authentic: false, kind: 'edited' });
    expect(edited.message).to.equal(
      `not the registered file, but an edited copy of proposal ${proposalId}: its read-only cells and _meta are as exported, only decisions differ; no run imported it and the proposal was not applied`,
    );
    await setCells(file, [['bobToCrm', 'B2C:OTHER', 'name', 'Someone else']]);
    const altered = await verifyWorkbook(file, deps());
    expect(altered).to.deep.include({ authentic: false, kind: 'altered' });
    expect(altered.message).to.match(/; 1 row\(s\) have read-only cells that differ from the export$/);
  });

  it('tells a partly applied run from a finished one', async () => {
    const { path: file } = await analyse(world);
    await confirm(file);
    const report = await runImport({ path: file, apply: true, json: false }, { ...importDeps(world, { failAfter: 4 }), outageAfter: 100 });
    expect(report.run!.status).to.equal('partially-applied');
    const verified = await verifyWorkbook(report.resultPath, deps());
    expect(verified).to.deep.include({ authentic: true, kind: 'result' });
    expect(verified.run!.outcome).to.equal('partially applied');
    expect(verified.message).to.contain(', partially applied), written on ');
  });

  it('says an altered file is not authentic', async () => {
    const { path: file, proposalId } = await analyse(world);
    await confirm(file);
    const report = await runImport({ path: file, apply: true, json: false }, importDeps(world));
    await setCells(report.resultPath, [['bobToCrm', 'B2C:NEWCO', 'note', 'changed afterwards']]);
    const verified = await verifyWorkbook(report.resultPath, deps());
    expect(verified.authentic).to.equal(false);
    expect(verified.proposalId).to.equal(proposalId);
    expect(verified.message).to.equal(
      `not authentic: the file names proposal ${proposalId} but matches neither its export nor any of its 1 run(s); it was altered after it was written`,
    );
  });

  it('says a file that is not a workbook, or of another database, is not authentic here', async () => {
    const junk = path.join(world.dir, 'junk.xlsx');
    fs.writeFileSync(junk, 'not a workbook');
    const unreadable = await verifyWorkbook(junk, deps());
    expect(unreadable.authentic).to.equal(false);
    expect(unreadable.message).to.match(/^not authentic: the file cannot be read as a bobsync workbook/);

    const { path: file, proposalId } = await analyse(world);
    const other = await createWorld({ parties: [], companies: [] });
    try {
      const verified = await verifyWorkbook(file, { config: other.config, env: {}, now: () => NOW, openBob: () => openWorldBob(other) });
      expect(verified.authentic).to.equal(false);
      expect(verified.message).to.match(new RegExp(`^not authentic here: proposal ${proposalId} is not registered in `));
    } finally {
      other.cleanup();
    }
  });
});
