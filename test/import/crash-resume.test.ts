/**
 * The import issue's crash test, with real processes: `bobsync import --apply` is killed in the
 * middle of its work (SIGKILL, no chance to clean up), or ends with failures because the CRM went
 * down; the same import is then run again and must finish the proposal without doing anything
 * twice. The CRM is a separately started simulator process, slowed down so that there is a middle
 * to kill in. The environment is the demo (150 customers), analysed once and copied for each test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import type { ImportReportJson } from '../../src/cli/import-json.js';
import type { DataSheetKey } from '../../src/engine/model.js';
import { ACTION_LABELS, COLUMNS, SHEET_NAMES } from '../../templates/columns.js';
import { confirm } from '../apply/world.js';
import { runCli } from '../cli/run-cli.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const CRM_USER = 'u';
const CRM_PASSWORD = 'p';
const CHILD_ENV = { ...process.env, T_CRM_USER: CRM_USER, T_CRM_PASSWORD: CRM_PASSWORD, BOBSYNC_USER: 'tester' };
/** Operations journaled `done` before the first apply may be killed: past the start, well before the end (~300). */
const KILL_AFTER_DONE = 40;

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Running {
  child: ChildProcess;
  finished: Promise<Finished>;
}

/** What the proposal asks to create: B2C rows "Create in CRM" (BOB ids) and C2B rows (CRM id → New BOB id). */
interface Expected {
  createdInCrm: string[];
  createdInBob: Map<string, string>;
  /** CRM to BOB rows not created (Not this time set at export). */
  heldBack: number;
}

const children = new Set<ChildProcess>();

/** Starts `node main.js ARGS` in `cwd`; the child is killed in afterEach if still running. */
function start(args: string[], cwd: string): Running {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const finished = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, finished };
}

/** Runs `node main.js ARGS` to its end. */
function cli(args: string[], cwd: string): Promise<Finished> {
  return start(args, cwd).finished;
}

interface Simulator {
  url: string;
  stop(): Promise<void>;
}

/** Starts `bobsync crm-sim` on `db` and waits for the base URL on its first line. */
async function startSimulator(dir: string, extra: string[]): Promise<Simulator> {
  const sim = start(['crm-sim', '--db', 'crm.sqlite', '--user', CRM_USER, '--password', CRM_PASSWORD, ...extra], dir);
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: string): void => {
      seen += chunk;
      const newline = seen.indexOf('\n');
      if (newline >= 0) {
        sim.child.stdout!.off('data', onData);
        resolve(seen.slice(0, newline).trim());
      }
    };
    sim.child.stdout!.on('data', onData);
    sim.finished.then((end) => reject(new Error(`the simulator stopped before printing its URL (exit ${end.code}): ${end.stderr}`)), reject);
  });
  expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/sdata\/crmj\/sagecrm2\/-\/$/);
  return {
    url,
    stop: async () => {
      sim.child.kill('SIGTERM');
      const end = await sim.finished;
      expect(end.code, `simulator exit: ${end.stderr}`).to.equal(0);
    },
  };
}

/** The demo's configuration with the CRM pointed at a running simulator over REST. */
function writeRestConfig(dir: string, url: string, crm: Record<string, unknown> = {}): string {
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'bobsync.config.json'), 'utf8')) as Record<string, unknown>;
  config.crm = { driver: 'rest', url, userEnv: 'T_CRM_USER', passwordEnv: 'T_CRM_PASSWORD', concurrency: 4, ...crm };
  const file = path.join(dir, 'rest.config.json');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Reads a SQLite file read-only (it may be in use by another process) and closes it again. */
function readDb<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function sheetRows(workbook: ExcelJS.Workbook, key: DataSheetKey): Array<(column: string) => unknown> {
  const sheet = workbook.getWorksheet(SHEET_NAMES[key].en)!;
  const rows: Array<(column: string) => unknown> = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    if (row.getCell(COLUMNS[key].findIndex((c) => c.key === 'rowKey') + 1).value === null) continue;
    rows.push((column) => row.getCell(COLUMNS[key].findIndex((c) => c.key === column) + 1).value);
  }
  return rows;
}

async function expectedOf(file: string): Promise<Expected> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const createdInCrm = sheetRows(workbook, 'bobToCrm')
    .filter((cell) => cell('action') === ACTION_LABELS['create-crm'].en)
    .map((cell) => String(cell('bobId')));
  // A CRM company whose VAT number fails its check comes with Not this time set: not created.
  const crmToBob = sheetRows(workbook, 'crmToBob');
  const createdInBob = new Map(crmToBob.filter((cell) => cell('notThisTime') === null).map((cell) => [String(cell('crmId')), String(cell('newBobId'))]));
  return { createdInCrm, createdInBob, heldBack: crmToBob.length - createdInBob.size };
}

/** Waits until `ready()` or the child ends; true when ready. */
async function waitFor(ready: () => boolean, running: Running, timeoutMs: number): Promise<boolean> {
  let ended = false;
  const end = (): void => {
    ended = true;
  };
  running.finished.then(end, end);
  const deadline = Date.now() + timeoutMs;
  while (!ended && Date.now() < deadline) {
    if (ready()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

const key = (text: unknown): string => String(text ?? '').trim().toUpperCase();

/**
 * Both sides hold every record the proposal created exactly once, and a new analysis finds nothing
 * left to create, update or link.
 */
async function expectAppliedExactlyOnce(dir: string, expected: Expected): Promise<void> {
  const crm = readDb(path.join(dir, 'crm.sqlite'), (db) => ({
    companies: db.prepare('SELECT comp_companyid AS id, comp_bobid AS bobId FROM company').all() as Array<{ id: number; bobId: string | null }>,
    persons: db.prepare('SELECT pers_companyid AS companyId, pers_firstname AS first, pers_lastname AS last FROM person').all() as Array<{
      companyId: number;
      first: string | null;
      last: string | null;
    }>,
    addresses: db.prepare('SELECT addr_companyid AS companyId FROM address').all() as Array<{ companyId: number }>,
  }));
  const byBobId = new Map<string, number[]>();
  for (const company of crm.companies) {
    if (key(company.bobId) === '') continue;
    byBobId.set(key(company.bobId), [...(byBobId.get(key(company.bobId)) ?? []), company.id]);
  }
  const shared = [...byBobId].filter(([, ids]) => ids.length > 1);
  expect(shared, 'CRM companies sharing a comp_bobid').to.deep.equal([]);
  for (const bobId of expected.createdInCrm) expect(byBobId.get(key(bobId)), `CRM company for ${bobId}`).to.have.length(1);
  for (const [crmId, bobId] of expected.createdInBob) expect(byBobId.get(key(bobId)), `comp_bobid of CRM ${crmId}`).to.deep.equal([Number(crmId)]);

  // An adopted company must not get its address or persons a second time.
  const created = new Set(expected.createdInCrm.map((bobId) => byBobId.get(key(bobId))![0]));
  const personKeys = crm.persons.filter((p) => created.has(p.companyId)).map((p) => `${p.companyId}|${key(p.first)}|${key(p.last)}`);
  expect(personKeys.filter((k, i) => personKeys.indexOf(k) !== i), 'persons created twice').to.deep.equal([]);
  expect(personKeys.length, 'persons of the created companies').to.be.greaterThan(0);
  const addressOwners = crm.addresses.filter((a) => created.has(a.companyId)).map((a) => a.companyId);
  expect(addressOwners.filter((id, i) => addressOwners.indexOf(id) !== i), 'companies with two addresses').to.deep.equal([]);

  const bob = readDb(path.join(dir, 'bob.sqlite'), (db) => ({
    codes: (db.prepare('SELECT CID AS id FROM AC_COMPAN').all() as Array<{ id: string }>).map((row) => key(row.id)),
    contacts: db.prepare('SELECT PCID AS companyId, PFIRSTNAME AS first, PNAME AS last FROM AC_CONTACT').all() as Array<{
      companyId: string;
      first: string | null;
      last: string | null;
    }>,
  }));
  expect(bob.codes.filter((id, i) => bob.codes.indexOf(id) !== i), 'BOB codes inserted twice').to.deep.equal([]);
  const newCodes = new Set([...expected.createdInBob.values()].map(key));
  expect(bob.codes.filter((id) => newCodes.has(id))).to.have.members([...newCodes]);
  const contactKeys = bob.contacts.filter((c) => newCodes.has(key(c.companyId))).map((c) => `${key(c.companyId)}|${key(c.first)}|${key(c.last)}`);
  expect(contactKeys.filter((k, i) => contactKeys.indexOf(k) !== i), 'BOB contacts inserted twice').to.deep.equal([]);

  // With the simulator stopped, the demo configuration (simulator in process on the same file) analyses again.
  const next = await runCli(['analyse', '--lang', 'en', '--out', 'next.xlsx', '--json'], { cwd: dir });
  expect(next.code, next.stderr).to.equal(0);
  const counts = (JSON.parse(next.stdout) as { counts: Record<string, Record<string, number>> }).counts;
  expect(counts.bobToCrm).to.include({ 'create-crm': 0, 'update-crm': 0, link: 0 });
  // Only the rows held back with Not this time are proposed again.
  expect(counts.crmToBob).to.include({ rows: expected.heldBack });
}

describe('import --apply interrupted and run again (real processes)', function () {
  this.timeout(60_000);
  let template: string;
  let expected: Expected;
  let dir = '';

  before(async () => {
    template = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
    const demo = await runCli(['demo', '--dir', '.', '--customers', '150', '--seed', '3'], { cwd: template });
    expect(demo.code, demo.stderr).to.equal(0);
    const analysed = await runCli(['analyse', '--lang', 'en', '--out', 'p.xlsx'], { cwd: template });
    expect(analysed.code, analysed.stderr).to.equal(0);
    await confirm(path.join(template, 'p.xlsx'));
    expected = await expectedOf(path.join(template, 'p.xlsx'));
    expect(expected.createdInCrm.length, 'rows to create in the CRM').to.be.greaterThan(10);
    expect(expected.createdInBob.size, 'rows to create in BOB').to.be.greaterThan(0);
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
    fs.cpSync(template, dir, { recursive: true });
  });

  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
    children.clear();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  after(() => {
    if (template) fs.rmSync(template, { recursive: true, force: true });
  });

  it('finishes an apply killed in the middle on a rerun, creating and inserting everything exactly once', async () => {
    const sim = await startSimulator(dir, ['--latency', '40']);
    const config = writeRestConfig(dir, sim.url);
    const bobFile = path.join(dir, 'bob.sqlite');

    const first = start(['import', 'p.xlsx', '--config', config, '--apply'], dir);
    const journal = new Database(bobFile, { readonly: true, fileMustExist: true });
    const crmDb = new Database(path.join(dir, 'crm.sqlite'), { readonly: true, fileMustExist: true });
    let doneAtKill = 0;
    let orphan: { opId: string; bobId: string } | undefined;
    try {
      const done = journal.prepare("SELECT COUNT(*) AS n FROM BSY_JOURNAL WHERE STATUS = 'done'");
      const unfinishedCreates = journal.prepare(
        "SELECT j.OPID AS opId, j.DETAIL AS detail FROM BSY_JOURNAL j WHERE j.STATUS = 'started' AND j.OPID LIKE '%#create-company' " +
          "AND NOT EXISTS (SELECT 1 FROM BSY_JOURNAL k WHERE k.OPID = j.OPID AND k.STATUS <> 'started')",
      );
      const companies = crmDb.prepare('SELECT COUNT(*) AS n FROM company WHERE comp_bobid = ?');
      // Kill when a company is in the CRM but its creation is not journaled done yet: the worst moment,
      // where only the lookup by comp_bobid on the rerun keeps it from being created twice.
      const ready = await waitFor(() => {
        if ((done.get() as { n: number }).n < KILL_AFTER_DONE) return false;
        for (const row of unfinishedCreates.all() as Array<{ opId: string; detail: string }>) {
          const { bobId } = JSON.parse(row.detail) as { bobId: string };
          if ((companies.get(bobId) as { n: number }).n > 0) {
            orphan = { opId: row.opId, bobId };
            return true;
          }
        }
        return false;
      }, first, 30_000);
      first.child.kill('SIGKILL');
      const killed = await first.finished;
      if (!ready) expect.fail(`the apply ended (exit ${killed.code}) or stalled before it could be killed:\n${killed.stdout}\n${killed.stderr}`);
      expect(killed.signal).to.equal('SIGKILL');
      doneAtKill = (done.get() as { n: number }).n;
    } finally {
      journal.close();
      crmDb.close();
    }
    const afterKill = readDb(bobFile, (db) => ({
      runs: db.prepare('SELECT ID AS id, STATUS AS status FROM BSY_RUN').all() as Array<{ id: string; status: string }>,
      proposal: db.prepare('SELECT STATUS AS status FROM BSY_PROPOSAL').get() as { status: string },
      lock: db.prepare('SELECT HOLDER AS holder FROM BSY_LOCK').all() as Array<{ holder: string }>,
    }));
    // Killed mid-way: its run still says running, its lock is still held, the proposal is not applied.
    expect(afterKill.runs.map((run) => run.status)).to.deep.equal(['running']);
    expect(afterKill.lock).to.have.length(1);
    expect(afterKill.proposal.status).to.equal('open');

    const rerun = await cli(['import', 'p.xlsx', '--config', config, '--apply', '--json'], dir);
    expect(rerun.code, rerun.stderr).to.equal(0);
    const report = JSON.parse(rerun.stdout) as ImportReportJson;
    expect(report).to.include({ applied: true, exitCode: 0 });
    expect(report.run).to.include({ status: 'applied', user: 'tester' });
    expect(report.run!.counts).to.include({ failed: 0, notRun: 0 });
    expect(report.run!.counts.skipped, 'operations done before the kill, not done again').to.be.greaterThan(0);
    expect(report.run!.counts.skipped).to.be.at.most(doneAtKill);
    expect(report.run!.counts.applied, 'operations left by the killed run').to.be.greaterThan(0);
    expect(report.plan.resumedRows).to.be.greaterThan(0);
    expect(report.result!.path).to.equal(path.join(fs.realpathSync(dir), 'p.result.xlsx'));
    expect(fs.existsSync(report.result!.path)).to.equal(true);

    const state = readDb(bobFile, (db) => ({
      runs: db.prepare('SELECT ID AS id, STATUS AS status FROM BSY_RUN ORDER BY STARTEDAT').all() as Array<{ id: string; status: string }>,
      proposal: db.prepare('SELECT STATUS AS status, APPLIEDRUN AS run FROM BSY_PROPOSAL').get() as { status: string; run: string },
      lock: db.prepare('SELECT HOLDER FROM BSY_LOCK').all(),
    }));
    expect(state.proposal).to.deep.equal({ status: 'applied', run: report.run!.id });
    expect(state.runs).to.deep.equal([
      { id: afterKill.runs[0]!.id, status: 'interrupted' },
      { id: report.run!.id, status: 'finished' },
    ]);
    expect(state.lock).to.deep.equal([]);
    // The company the killed run created without journaling it was found and adopted, not created again.
    const adoption = readDb(bobFile, (db) =>
      db.prepare("SELECT RUNID AS runId, DETAIL AS detail FROM BSY_JOURNAL WHERE OPID = ? AND STATUS = 'done'").all(orphan!.opId),
    ) as Array<{ runId: string; detail: string }>;
    expect(adoption.map((entry) => [entry.runId, (JSON.parse(entry.detail) as { adopted?: boolean }).adopted])).to.deep.equal([[report.run!.id, true]]);

    const third = await cli(['import', 'p.xlsx', '--config', config, '--apply'], dir);
    expect(third.code).to.equal(65);
    expect(third.stderr).to.contain(`was already applied by run ${report.run!.id}`);

    await sim.stop();
    await expectAppliedExactlyOnce(dir, expected);
  });

  it('finishes an apply the CRM broke off (503 after N requests) once the CRM is back, without duplicates', async () => {
    const failing = await startSimulator(dir, ['--fail-after', '150']);
    // The simulator refuses every request after the 150th for good: retrying would only slow the test.
    const first = await cli(['import', 'p.xlsx', '--config', writeRestConfig(dir, failing.url, { retries: 0 }), '--apply', '--json'], dir);
    // A CRM that stops answering stops the run early: partially applied, try again (75).
    expect(first.code, first.stderr).to.equal(75);
    const broken = JSON.parse(first.stdout) as ImportReportJson;
    expect(broken).to.include({ applied: true, exitCode: 75 });
    expect(broken.run!.status).to.equal('partially-applied');
    expect(broken.run!.counts.applied).to.be.greaterThan(0);
    // Ten in a row, and what the other rows in flight (concurrency 4) had started.
    expect(broken.run!.counts.failed).to.be.within(1, 10 + 4);
    expect(broken.run!.counts.notRun).to.be.greaterThan(0);
    expect(broken.run!.failures[0]!.reason).to.contain('503');
    expect(broken.run!.outage).to.contain('503');
    expect(broken.message).to.match(/^proposal \S+ partially applied: .*stopped early because the CRM stopped answering .*run the same import again once it answers/);
    await failing.stop();

    const healthy = await startSimulator(dir, []);
    const rerun = await cli(['import', 'p.xlsx', '--config', writeRestConfig(dir, healthy.url), '--apply', '--json'], dir);
    expect(rerun.code, rerun.stderr).to.equal(0);
    const report = JSON.parse(rerun.stdout) as ImportReportJson;
    expect(report.run).to.include({ status: 'applied' });
    expect(report.run!.counts).to.include({ failed: 0, notRun: 0 });
    expect(report.run!.counts.skipped).to.be.greaterThan(0);
    // The first run's result workbook is kept for the audit; the rerun's gets its run id.
    expect(report.result!.path).to.equal(path.join(fs.realpathSync(dir), `p.result-${report.run!.id}.xlsx`));
    expect(fs.existsSync(path.join(dir, 'p.result.xlsx'))).to.equal(true);

    await healthy.stop();
    await expectAppliedExactlyOnce(dir, expected);
  });

  it('applies nothing and exits 75 (try again) when the CRM is down before the apply starts', async () => {
    const down = await startSimulator(dir, ['--fail-after', '0']);
    const result = await cli(['import', 'p.xlsx', '--config', writeRestConfig(dir, down.url, { retries: 0 }), '--apply'], dir);
    expect(result.code, result.stderr).to.equal(75);
    expect(result.stderr).to.match(/^error: Sage CRM at \S+ kept answering GET \S+ with HTTP 503: .* — try again later\n$/);
    const state = readDb(path.join(dir, 'bob.sqlite'), (db) => ({
      runs: db.prepare('SELECT ID FROM BSY_RUN').all(),
      journal: db.prepare('SELECT OPID FROM BSY_JOURNAL').all(),
      lock: db.prepare('SELECT HOLDER FROM BSY_LOCK').all(),
      proposal: db.prepare('SELECT STATUS AS status FROM BSY_PROPOSAL').get() as { status: string },
    }));
    expect(state).to.deep.equal({ runs: [], journal: [], lock: [], proposal: { status: 'open' } });
    await down.stop();
  });
});
