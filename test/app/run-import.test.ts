import fs from 'node:fs';
import os from 'node:os';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { ImportReport } from '../../src/app/import-report.js';
import { runImport } from '../../src/app/run-import.js';
import { renderImportReport } from '../../src/cli/import.js';
import { importReportJson, importReportJsonChunks, importReportJsonText } from '../../src/cli/import-json.js';
import { buildProposal } from '../../src/engine/build-proposal.js';
import type { BobContact, BobThirdParty } from '../../src/engine/model.js';
import { isBobsyncError } from '../../src/errors.js';
import { fileSha256Of } from '../../src/workbook/file-hash.js';
import { SHEET_NAMES } from '../../templates/columns.js';
import { analyse, confirm, createWorld, executeOnBob, importDeps, readWorld, withCrm, withState, type World } from '../apply/world.js';
import { aBobContact, aBobCustomer, aCrmCompany, aCrmField, aCrmPerson, belgianVat } from '../engine/builders.js';
import { readCsvRows, setCells, writeCsvRows } from '../import/fixtures.js';

const V_UPD = belgianVat(4287594);

/** BOB: two customers to create, one to update, two to leave out; CRM: two companies to create in BOB. */
function scenario(): Parameters<typeof createWorld>[0] {
  return {
    parties: [
      aBobCustomer({ id: 'NEWCO', name: 'Newco', country: 'BE', address1: 'Rue Haute 1', postcode: 'BE1050', locality: 'Brussel', personal: { XSECTOR: 'Retail' } }),
      aBobCustomer({ id: 'FOOD', name: 'Food Corp', country: 'BE', personal: { XSECTOR: 'Food' } }),
      aBobCustomer({ id: 'UPD', name: 'Updated', vatNo: V_UPD, phone: '09 111 11 11', personal: { XSECTOR: 'Retail' } }),
      aBobCustomer({ id: 'LATER', name: 'Later Ltd', personal: { XSECTOR: 'Retail' } }),
      aBobCustomer({ id: 'NEVER', name: 'Never NV', personal: { XSECTOR: 'Retail' } }),
    ],
    contacts: [
      aBobContact({ id: '1', companyId: 'NEWCO', firstName: 'Jan', lastName: 'Peeters' }),
      aBobContact({ id: '2', companyId: 'UPD', firstName: 'Piet', lastName: 'Janssens' }),
    ],
    companies: [
      aCrmCompany({ id: '10', name: 'Updated', vat: V_UPD, phone: '09 000 00 00', custom: { comp_sector: 'Retail' } }),
      aCrmCompany({ id: '20', name: 'From CRM', vat: belgianVat(5000003), custom: { comp_sector: 'Retail' } }),
      aCrmCompany({ id: '30', name: 'Other CRM', vat: belgianVat(5000004), custom: { comp_sector: 'Retail' } }),
    ],
    persons: [aCrmPerson({ id: '5', companyId: '20', firstName: 'Els', lastName: 'Wouters' })],
    fields: [aCrmField({ name: 'comp_sector', caption: 'Sector' })],
    personalFields: [{ column: 'XSECTOR', label: 'Sector' }],
  };
}

/** Result column values by row key, per sheet of a result workbook. */
async function resultsOf(file: string): Promise<Record<string, string>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const results: Record<string, string> = {};
  for (const key of ['bobToCrm', 'crmToBob', 'personalFields', 'mapping'] as const) {
    const sheet = workbook.getWorksheet(SHEET_NAMES[key].en);
    if (!sheet) continue;
    const header = sheet.getRow(1);
    let resultCol = 0;
    let keyCol = 0;
    header.eachCell((cell, col) => {
      if (cell.value === 'Result') resultCol = col;
      if (cell.value === 'Row key') keyCol = col;
    });
    expect(resultCol, `Result column on ${sheet.name}`).to.be.greaterThan(0);
    for (let r = 2; r <= sheet.rowCount; r++) {
      const rowKey = sheet.getRow(r).getCell(keyCol).value;
      if (typeof rowKey === 'string') results[rowKey] = String(sheet.getRow(r).getCell(resultCol).value ?? '');
    }
  }
  return results;
}

async function runSheetOf(file: string): Promise<Record<string, unknown>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('Run');
  expect(sheet, 'Run sheet').to.not.equal(undefined);
  const values: Record<string, unknown> = {};
  sheet!.eachRow((row) => {
    values[String(row.getCell(1).value)] = row.getCell(2).value;
  });
  return values;
}

async function applyReport(world: World, path: string, deps = importDeps(world)): Promise<ImportReport> {
  return runImport({ path, apply: true, json: false }, deps);
}

describe('runImport', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld(scenario());
  });
  afterEach(() => world.cleanup());

  it('changes nothing on a dry run and says what would run and which cell to set', async () => {
    const { path } = await analyse(world);
    const before = await readWorld(world);
    const report = await runImport({ path, apply: false, json: false }, importDeps(world));
    expect(report.mode).to.equal('dry-run');
    expect(report.applied).to.equal(false);
    expect(report.exitCode).to.equal(0);
    expect(report.findings).to.deep.equal([]);
    expect(report.plan.operations).to.deep.include({ 'crm-create-company': 4, 'crm-update-company': 1, 'bob-insert-customer': 2 });
    expect(report.message).to.match(/^dry run: nothing was changed; \d+ operation\(s\) would run — set Summary!B\d+ to Yes/);
    expect(report.rows.find((r) => r.rowKey === 'B2C:NEWCO')!.text).to.equal('would apply');
    expect(await readWorld(world)).to.deep.equal(before);
    expect(await withState(world, async (state) => (await state.runs(report.proposalId)).length)).to.equal(0);
  });

  it('applies nothing without the confirmation and names the cell to set', async () => {
    const { path } = await analyse(world);
    const before = await readWorld(world);
    const report = await applyReport(world, path);
    expect(report.applied).to.equal(false);
    expect(report.exitCode).to.equal(1);
    expect(report.confirmCell).to.match(/^Summary!B\d+$/);
    expect(report.message).to.contain(`set ${report.confirmCell} to Yes`);
    expect(await readWorld(world)).to.deep.equal(before);
  });

  it('refuses a proposal exported before a run applied another one, at the top, with what to do', async () => {
    const older = await analyse(world, { name: 'older.xlsx' });
    const newer = await analyse(world, { name: 'newer.xlsx' });
    await confirm(newer.path);
    expect((await applyReport(world, newer.path)).exitCode).to.equal(0);
    await confirm(older.path);
    for (const apply of [false, true]) {
      const error = await runImport({ path: older.path, apply, json: false }, importDeps(world)).then(
        () => expect.fail('an outdated proposal was imported'),
        (e: unknown) => e,
      );
      expect(isBobsyncError(error, 'bad-input'), String(error)).to.equal(true);
      expect((error as Error).message).to.match(new RegExp(`^proposal ${older.proposalId} is outdated: it was exported on .*, and run R\\S+ applied proposal ${newer.proposalId} on `));
      expect((error as { hint?: string }).hint).to.contain('run bobsync analyse for a new proposal');
    }
  });

  it('applies nothing while Reviewed by is empty, naming its cell', async () => {
    const { path, proposalId } = await analyse(world);
    await confirm(path, 'en', '');
    const report = await applyReport(world, path);
    expect(report).to.include({ applied: false, exitCode: 1, confirmed: true, reviewedBy: '' });
    expect(report.message).to.match(/^nothing was applied: Summary!B\d+ \("Reviewed by"\) is empty/);
    expect((await withState(world, (state) => state.runs(proposalId)))).to.deep.equal([]);
  });

  it('applies nothing while the workbook has findings', async () => {
    const { path } = await analyse(world);
    await confirm(path);
    await setCells(path, [['bobToCrm', 'B2C:NEWCO', 'noSync', 'perhaps']]);
    const report = await applyReport(world, path);
    expect(report.applied).to.equal(false);
    expect(report.exitCode).to.equal(1);
    expect(report.findings.map((f) => f.code)).to.deep.equal(['invalid-flag']);
    expect(report.message).to.contain('1 finding(s)');
  });

  it('applies the reviewed proposal, writes the result workbook and records the run; analyse then proposes only what was held back', async () => {
    const { path, proposalId } = await analyse(world);
    await confirm(path);
    await setCells(path, [
      ['bobToCrm', 'B2C:LATER', 'notThisTime', 'Yes'],
      ['bobToCrm', 'B2C:NEVER', 'noSync', 'Yes'],
      ['crmToBob', 'C2B:30', 'noSync', 'x'],
      ['crmToBob', 'C2B:20', 'newBobId', 'FROMCRM'],
    ]);
    const report = await applyReport(world, path);
    expect(report.message).to.match(/^proposal \S+ applied: /);
    expect(report.exitCode).to.equal(0);
    expect(report.run).to.include({ status: 'applied', user: 'tester' });

    const results = await resultsOf(report.resultPath);
    expect(results).to.deep.include({
      'B2C:NEWCO': 'applied',
      'B2C:FOOD': 'applied',
      'B2C:UPD': 'applied',
      'B2C:LATER': 'skipped: not this time',
      'B2C:NEVER': 'skipped: no sync',
      'C2B:20': 'applied',
      'C2B:30': 'skipped: no sync',
      'PF:XSECTOR': 'applied',
    });
    const run = await runSheetOf(report.resultPath);
    expect(run).to.include({ Run: report.run!.id, Proposal: proposalId, 'Applied by': 'tester', 'SHA-256 of the imported file': await fileSha256Of(path) });
    expect(report.resultPath).to.equal(path.replace(/\.xlsx$/, '.result.xlsx'));

    const runs = await withState(world, (state) => state.runs(proposalId));
    expect(runs.map((r) => [r.id, r.status, r.fileSha256, r.resultSha256])).to.deep.equal([
      [report.run!.id, 'finished', report.fileSha256, await fileSha256Of(report.resultPath)],
    ]);

    const after = await readWorld(world);
    // The mapping table: new links, No sync with one side alone, nothing for Not this time.
    const byBob = Object.fromEntries(after.mapping.map((e) => [`${e.bobId}|${e.crmId}`, e.noSync]));
    const newcoId = after.crm.companies.find((c) => c.bobId === 'NEWCO')!.id;
    expect(byBob).to.deep.equal({
      [`NEWCO|${newcoId}`]: false,
      [`FOOD|${after.crm.companies.find((c) => c.bobId === 'FOOD')!.id}`]: false,
      'UPD|10': false,
      'FROMCRM|20': false,
      'NEVER|': true,
      '|30': true,
    });
    expect(after.crm.companies.find((c) => c.id === newcoId)!.custom).to.deep.equal({ comp_sector: 'Retail' });
    expect(after.bob.thirdParties.find((p) => p.id === 'FROMCRM')).to.include({ isCustomer: true, vatRef: 'BE', name: 'From CRM' });
    expect(after.personalFieldSettings).to.deep.equal([{ column: 'XSECTOR', crmField: 'comp_sector', selected: true, condition: '', value: '' }]);

    const next = buildProposal(after);
    expect(next.bobToCrm.map((r) => r.key)).to.deep.equal(['B2C:LATER']);
    expect(next.crmToBob.map((r) => r.key)).to.deep.equal([]);
    expect(next.mapping.filter((r) => r.noSync).map((r) => r.key)).to.have.members(['MAP:|30', 'MAP:NEVER|']);
  });

  it('leaves a row whose BOB record changed after the export unapplied, applies the others, and proposes it again', async () => {
    const { path } = await analyse(world);
    await confirm(path);
    await executeOnBob(world, "UPDATE [AC_COMPAN] SET [CTELNO] = '09 999 99 99' WHERE [CID] = 'UPD'");
    const report = await applyReport(world, path);
    expect(report.exitCode).to.equal(0);
    const stale = report.rows.find((r) => r.rowKey === 'B2C:UPD')!;
    expect(stale).to.include({ text: 'skipped: stale', detail: 'BOB third party UPD changed since the export' });
    expect((await resultsOf(report.resultPath))['B2C:UPD']).to.equal('skipped: stale');
    expect(report.rows.find((r) => r.rowKey === 'B2C:NEWCO')!.text).to.equal('applied');
    const after = await readWorld(world);
    expect(after.crm.companies.find((c) => c.id === '10')!.phone).to.equal('09 000 00 00');
    const next = buildProposal(after);
    expect(next.bobToCrm.map((r) => [r.key, r.action])).to.deep.equal([['B2C:UPD', 'update-crm']]);
    expect(next.bobToCrm[0]!.changes).to.deep.include({ field: 'phone', from: '09 000 00 00', to: '09 999 99 99' });
  });

  it('finds the same stale row when the fresh records are read as whole tables and feeds', async () => {
    const { path } = await analyse(world);
    await confirm(path);
    await executeOnBob(world, "UPDATE [AC_COMPAN] SET [CTELNO] = '09 999 99 99' WHERE [CID] = 'UPD'");
    const bulk = await runImport({ path, apply: false, json: false }, { ...importDeps(world), bulkReadFrom: 0 });
    const byId = await runImport({ path, apply: false, json: false }, importDeps(world));
    const outcome = (report: ImportReport) => report.rows.map((r) => `${r.rowKey}=${r.text}`).sort();
    expect(outcome(bulk)).to.deep.equal(outcome(byId));
    expect(bulk.rows.find((r) => r.rowKey === 'B2C:UPD')!.text).to.equal('skipped: stale');
    expect(bulk.rows.filter((r) => r.text === 'skipped: stale')).to.have.length(1);
  });

  it('finds a CRM company changed since the export when the CRM is read as whole feeds', async () => {
    const { path, proposalId } = await analyse(world);
    const rows = await withState(world, async (state) => {
      const all = [];
      for await (const row of state.proposalRows(proposalId)) all.push(row);
      return all;
    });
    const crmId = rows.find((row) => row.key === 'B2C:UPD')!.sources.find((source) => source.kind === 'crm')!.id;
    await withCrm(world, (crm) => crm.updateCompany(crmId, { website: 'www.changed.example' }));
    const bulk = await runImport({ path, apply: false, json: false }, { ...importDeps(world), bulkReadFrom: 0 });
    const byId = await runImport({ path, apply: false, json: false }, importDeps(world));
    const outcome = (report: ImportReport) => report.rows.map((r) => `${r.rowKey}=${r.text}`).sort();
    expect(outcome(bulk)).to.deep.equal(outcome(byId));
    expect(bulk.rows.find((r) => r.rowKey === 'B2C:UPD')).to.include({ text: 'skipped: stale', detail: `CRM company ${crmId} changed since the export` });
  });

  it('skips the customers that fail a personal field condition', async () => {
    const { path } = await analyse(world);
    await confirm(path);
    await setCells(path, [
      ['personalFields', 'PF:XSECTOR', 'condition', '='],
      ['personalFields', 'PF:XSECTOR', 'value', 'Retail'],
    ]);
    const report = await applyReport(world, path);
    expect(report.rows.find((r) => r.rowKey === 'B2C:FOOD')!.text).to.equal('skipped: condition XSECTOR');
    // The report says first what the condition leaves out of the whole run.
    const leftOut = report.rows.filter((r) => r.text === 'skipped: condition XSECTOR').length;
    expect(report.plan.conditions).to.deep.equal([{ field: 'XSECTOR', leftOut, of: report.plan.conditions[0]!.of }]);
    expect(report.plan.conditions[0]!.of).to.be.greaterThan(leftOut);
    expect(renderImportReport(report, world.dir).split('\n')[1]).to.equal(
      `  Condition on XSECTOR: ${leftOut} of ${report.plan.conditions[0]!.of} lines are left out of this whole run (set on the Personal fields sheet)`,
    );
    expect(report.rows.find((r) => r.rowKey === 'B2C:NEWCO')!.text).to.equal('applied');
    const after = await readWorld(world);
    expect(after.crm.companies.map((c) => c.bobId)).to.not.include('FOOD');
    expect(after.personalFieldSettings).to.deep.equal([{ column: 'XSECTOR', crmField: 'comp_sector', selected: true, condition: '=', value: 'Retail' }]);
  });

  it('refuses a fully applied proposal on re-import, naming the run that applied it', async () => {
    const { path, proposalId } = await analyse(world);
    await confirm(path);
    const first = await applyReport(world, path);
    expect(first.run!.status).to.equal('applied');
    for (const apply of [true, false]) {
      const error = await runImport({ path, apply, json: false }, importDeps(world)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isBobsyncError(error, 'bad-input')).to.equal(true);
      expect((error as Error).message).to.equal(
        `proposal ${proposalId} was already applied by run ${first.run!.id} on ${first.run!.finishedAt} by tester`,
      );
      expect((error as { hint: string }).hint).to.equal('run bobsync analyse for a new proposal');
    }
  });

  it('reports a proposal that this database never registered', async () => {
    const { path } = await analyse(world);
    const other = await createWorld(scenario());
    try {
      const error = await runImport({ path, apply: false, json: false }, importDeps(other)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isBobsyncError(error, 'bad-input')).to.equal(true);
      expect((error as Error).message).to.match(/^this workbook's proposal P\S+ is not registered in .*bob\.sqlite$/);
    } finally {
      other.cleanup();
    }
  });

  it('refuses a second apply while another holds the lock, and names who and since when', async () => {
    const { path } = await analyse(world);
    await confirm(path);
    const holder = `someone on ${os.hostname()} (pid ${process.pid}, run R-OTHER)`;
    await withState(world, async (state) => expect(await state.acquireLock(holder, '2025-03-01T09:59:00.000Z')).to.equal(null));
    const error = await applyReport(world, path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isBobsyncError(error, 'transient')).to.equal(true);
    expect((error as Error).message).to.equal(`another apply is running on this BOB database: ${holder} since 2025-03-01T09:59:00.000Z`);
    await withState(world, (state) => state.releaseLock(holder));
    const report = await applyReport(world, path);
    expect(report.run!.status).to.equal('applied');
    // The run released the lock.
    await withState(world, async (state) => expect(await state.acquireLock('next', 'now')).to.equal(null));
  });

  it('lets one of two concurrent applies run and refuses the other', async () => {
    const { path } = await analyse(world);
    await confirm(path);
    const outcomes = await Promise.allSettled([
      applyReport(world, path, { ...importDeps(world, { latencyMs: 20 }), user: 'first' }),
      applyReport(world, path, { ...importDeps(world, { latencyMs: 20 }), user: 'second' }),
    ]);
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as Error);
    expect(refused).to.have.length(1);
    expect(refused[0]!.message).to.match(/^another apply is running on this BOB database: (first|second) on /);
    const after = await readWorld(world);
    expect(after.crm.companies.filter((c) => c.bobId === 'NEWCO')).to.have.length(1);
  });

  it('takes over the lock of a killed run of this machine and records that run as interrupted', async () => {
    const { path, proposalId } = await analyse(world);
    await confirm(path);
    await withState(world, async (state) => {
      await state.acquireLock(`ghost on ${os.hostname()} (pid 99999999, run R-DEAD)`, '2025-03-01T09:00:00.000Z');
      await state.startRun({
        id: 'R-DEAD',
        proposalId,
        startedAt: '2025-03-01T09:00:00.000Z',
        startedBy: 'ghost',
        finishedAt: '',
        status: 'running',
        fileSha256: '',
        counts: '{}',
        resultSha256: '',
      });
    });
    const report = await applyReport(world, path);
    expect(report.run!.status).to.equal('applied');
    const runs = await withState(world, (state) => state.runs(proposalId));
    expect(runs.map((r) => [r.id, r.status])).to.deep.equal([
      ['R-DEAD', 'interrupted'],
      [report.run!.id, 'finished'],
    ]);
  });

  it('imports a CSV folder and writes the result as one xlsx file next to it', async () => {
    const { path } = await analyse(world, { format: 'csv', name: 'proposal-csv' });
    const summary = readCsvRows(path, 'summary').map((row) =>
      row[0] === 'The synchronisation data is correct' ? [row[0], 'Yes'] : row[0] === 'Reviewed by' ? [row[0], 'An Peeters'] : row,
    );
    writeCsvRows(path, 'summary', summary);
    const report = await applyReport(world, path);
    expect(report.format).to.equal('csv');
    expect(report.run!.status).to.equal('applied');
    expect(report.resultPath).to.equal(`${path}.result.xlsx`);
    expect(await resultsOf(report.resultPath)).to.deep.include({ 'B2C:NEWCO': 'applied', 'C2B:20': 'applied' });
  });

  it('writes a dry-run result workbook only when asked, saying what would be applied', async () => {
    const { path } = await analyse(world);
    await setCells(path, [['bobToCrm', 'B2C:LATER', 'notThisTime', 'Yes']]);
    const plain = await runImport({ path, apply: false, json: false }, importDeps(world));
    expect(plain.resultPath).to.equal('');
    expect(fs.existsSync(path.replace(/\.xlsx$/, '.result.xlsx'))).to.equal(false);
    const target = `${world.dir}/dry.xlsx`;
    const report = await runImport({ path, apply: false, json: false, resultPath: target }, importDeps(world));
    expect(report.resultPath).to.equal(target);
    expect(await resultsOf(target)).to.deep.include({ 'B2C:NEWCO': 'would apply', 'B2C:LATER': 'skipped: not this time' });
    expect(await runSheetOf(target)).to.include({ Status: 'dry run' });
  });

  it('finishes an apply the CRM interrupted on a rerun, creating and inserting everything exactly once', async () => {
    const data = scenario();
    const parties: BobThirdParty[] = [];
    const contacts: BobContact[] = [];
    for (let i = 1; i <= 8; i++) {
      const id = `MANY${i}`;
      parties.push(aBobCustomer({ id, name: `Many ${i}`, country: 'BE', address1: `Street ${i}`, personal: { XSECTOR: 'Retail' } }));
      contacts.push(aBobContact({ id: String(100 + 2 * i), companyId: id, firstName: 'A', lastName: `One ${i}` }));
      contacts.push(aBobContact({ id: String(101 + 2 * i), companyId: id, firstName: 'B', lastName: `Two ${i}` }));
    }
    world.cleanup();
    world = await createWorld({ ...data, parties: [...data.parties, ...parties], contacts: [...(data.contacts ?? []), ...contacts] });
    const { path, proposalId } = await analyse(world);
    await confirm(path);

    const interrupted = await applyReport(world, path, { ...importDeps(world, { failAfter: 30 }), outageAfter: 3 });
    // The CRM stopped answering: the run stops early, try again.
    expect(interrupted.exitCode).to.equal(75);
    expect(interrupted.run!.outage).to.contain('503');
    // It stopped after three failures in a row (here) instead of trying every operation.
    expect(interrupted.run!.counts.failed).to.be.within(1, 3 + 4);
    expect(interrupted.run!.counts.notRun).to.be.greaterThan(0);
    expect(interrupted.run!.status).to.equal('partially-applied');
    expect(interrupted.run!.counts.applied).to.be.greaterThan(0);
    expect(interrupted.run!.counts.failed).to.be.greaterThan(0);
    expect((await withState(world, (state) => state.proposal(proposalId)))!.status).to.equal('partially-applied');

    const resumed = await applyReport(world, path);
    expect(resumed.exitCode).to.equal(0);
    expect(resumed.run!.status).to.equal('applied');
    expect(resumed.run!.counts.skipped).to.be.greaterThan(0);
    expect(resumed.plan.resumedRows).to.be.greaterThan(0);
    expect(resumed.resultPath).to.contain(`.result-${resumed.run!.id}.xlsx`);
    expect(resumed.rows.filter((r) => r.status === 'applied').map((r) => r.rowKey)).to.include.members(parties.map((p) => `B2C:${p.id}`));

    const after = await readWorld(world);
    const bobIds = after.crm.companies.map((c) => c.bobId).filter((id) => id !== '');
    expect(bobIds).to.have.members(['NEWCO', 'FOOD', 'UPD', 'LATER', 'NEVER', ...parties.map((p) => p.id), 'OTHERCRM', 'FROMCRM']);
    expect(new Set(bobIds).size).to.equal(bobIds.length);
    for (const party of parties) {
      const company = after.crm.companies.find((c) => c.bobId === party.id)!;
      expect(after.crm.persons.filter((p) => p.companyId === company.id), party.id).to.have.length(2);
      expect(company.address?.address1).to.equal(party.address1);
    }
    const bobCodes = after.bob.thirdParties.map((p) => p.id);
    expect(bobCodes.filter((id) => id === 'FROMCRM' || id === 'OTHERCRM')).to.have.length(2);
    expect(after.bob.contacts.filter((c) => c.companyId === 'FROMCRM')).to.have.length(1);
    const runs = await withState(world, (state) => state.runs(proposalId));
    expect(runs.map((r) => r.status)).to.deep.equal(['finished', 'finished']);
    expect(buildProposal(after).bobToCrm).to.deep.equal([]);
  });

  it('gives the same report as JSON', async () => {
    const { path } = await analyse(world);
    await confirm(path);
    const report = await runImport({ path, apply: true, json: true }, importDeps(world));
    const json = JSON.parse(JSON.stringify(importReportJson(report))) as ReturnType<typeof importReportJson>;
    expect(json).to.include({ proposalId: report.proposalId, mode: 'apply', applied: true, exitCode: 0 });
    expect(json.result).to.deep.equal({ path: report.resultPath, sha256: report.resultSha256 });
    expect(json.rows).to.deep.include({ rowKey: 'B2C:NEWCO', sheet: 'bobToCrm', result: 'applied', detail: '' });
    expect(json.run!.id).to.equal(report.run!.id);
  });

  it('prints the JSON report in pieces that join into the same document', async () => {
    const { path } = await analyse(world);
    const report = await runImport({ path, apply: false, json: true }, importDeps(world));
    const expected = JSON.parse(JSON.stringify(importReportJson(report))) as ReturnType<typeof importReportJson>;
    expect(expected.rows.length).to.be.greaterThan(0);
    for (const rows of [report.rows, [], Array.from({ length: 4_321 }, (_, i) => ({ ...report.rows[0]!, rowKey: `B2C:R${i}` }))]) {
      const variant = { ...report, rows };
      const chunks = [...importReportJsonChunks(variant)];
      expect(chunks.every((chunk) => chunk.endsWith('\n'))).to.equal(true);
      expect(JSON.parse(chunks.join(''))).to.deep.equal(JSON.parse(JSON.stringify(importReportJson(variant))));
      expect(importReportJsonText(variant)).to.equal(chunks.join(''));
    }
    // The head, the rows by 2,000, the end.
    expect([...importReportJsonChunks({ ...report, rows: Array.from({ length: 4_321 }, () => report.rows[0]!) })]).to.have.length(5);
  });

  it('writes the result workbook where --result says', async () => {
    const { path } = await analyse(world);
    await confirm(path);
    const target = `${world.dir}/audit.xlsx`;
    const report = await runImport({ path, apply: true, json: false, resultPath: target }, importDeps(world));
    expect(report.resultPath).to.equal(target);
    expect(fs.existsSync(target)).to.equal(true);
    expect(await fileSha256Of(target)).to.equal(report.resultSha256);
  });

  it('clears No sync from the Mapping table sheet so the third party is proposed again', async () => {
    const first = await analyse(world);
    await confirm(first.path);
    await setCells(first.path, [['bobToCrm', 'B2C:NEVER', 'noSync', 'Yes']]);
    await applyReport(world, first.path);
    expect(buildProposal(await readWorld(world)).bobToCrm.map((r) => r.key)).to.not.include('B2C:NEVER');

    const second = await analyse(world);
    await confirm(second.path);
    await setCells(second.path, [['mapping', 'MAP:NEVER|', 'noSync', null]]);
    const report = await applyReport(world, second.path);
    expect(report.rows.find((r) => r.rowKey === 'MAP:NEVER|')!.text).to.equal('applied');
    const after = await readWorld(world);
    expect(after.mapping.map((e) => e.bobId)).to.not.include('NEVER');
    expect(buildProposal(after).bobToCrm.map((r) => r.key)).to.include('B2C:NEVER');
  });

  it('keeps the imported workbook unchanged and the Result column in the language of the workbook', async () => {
    const { path } = await analyse(world, { lang: 'nl' });
    await confirm(path, 'nl');
    const sha = await fileSha256Of(path);
    const report = await applyReport(world, path);
    expect(await fileSha256Of(path)).to.equal(sha);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(report.resultPath);
    const sheet = workbook.getWorksheet(SHEET_NAMES.bobToCrm.nl)!;
    const header: unknown[] = [];
    sheet.getRow(1).eachCell((cell) => header.push(cell.value));
    expect(header[header.length - 1]).to.equal('Resultaat');
    expect(workbook.getWorksheet('Uitvoering')).to.not.equal(undefined);
  });
});
