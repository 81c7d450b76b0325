/**
 * The whole workflow with `bob.driver = "mssql"`: analyse, review, import --apply, through the real
 * MssqlExecutor over the mssql stand-in (a file, so that a second process can share it as a second
 * workstation would share the server), with BOB's tables declared as BOB declares them (CHAR and
 * VARCHAR with BOB's widths) and every rule the stand-in enforces on: no value SQL Server would
 * refuse reaches it, what does not fit is shown at analyse and applied as shown, and a second apply
 * from another process is refused while the first holds the lock, and not after its holder died.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { bobAndStateOn, type OpenedCrm } from '../../src/app/open-sources.js';
import { runAnalyse } from '../../src/app/run-analyse.js';
import { runImport, type ImportDeps } from '../../src/app/run-import.js';
import { processHost } from '../../src/cli/io.js';
import { resolveConfig } from '../../src/config/load-config.js';
import type { BobMssqlConfig, Config } from '../../src/config/types.js';
import { seedSimDatabase } from '../../src/crm-sim/seed.js';
import { startSimulator } from '../../src/crm-sim/server.js';
import { BobsyncError } from '../../src/errors.js';
import { openMssqlExecutor } from '../../src/sources/bob/mssql-executor.js';
import { createRestClient } from '../../src/sources/crm/rest-client.js';
import { aCrmCompany, aCrmPerson, belgianVat } from '../engine/builders.js';
import { createStandin, type Standin } from '../helpers/mssql-standin/index.js';
import { confirm } from '../apply/world.js';
import { createBobTables } from '../sources/bob/bob-cases.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const NAME_41 = 'Brasserie et Restaurant de la Grand-Place';
const EMAIL_66 = `${'reservaties.groepen'.padEnd(55, 'x')}@example.be`;

describe('the workflow on SQL Server (mssql stand-in, BOB tables as BOB declares them)', function () {
  let dir: string;
  let standin: Standin;
  let config: Config;
  let holder: ChildProcess | undefined;

  const openBob: ImportDeps['openBob'] = async (cfg, _env, now) =>
    bobAndStateOn(await openMssqlExecutor(cfg.bob as BobMssqlConfig, 'not-used', { driver: standin.mssql }), cfg, now);

  const openCrm = async (): Promise<OpenedCrm> => {
    const sim = await startSimulator({ file: path.join(dir, 'crm.sqlite'), port: 0, user: 'u', password: 'p' });
    const crm = createRestClient({ url: sim.url, user: 'u', password: 'p', schema: config.crmSchema, concurrency: 2, retries: 0 });
    return { crm, close: async () => { await crm.close().catch(() => undefined); await sim.close(); } };
  };

  let tick = 0;
  const deps = () => ({
    config,
    env: {},
    cwd: dir,
    now: () => new Date(Date.UTC(2025, 5, 2, 9, 0, 0, tick++)),
    user: 'tester',
    host: processHost(),
    openBob,
    openCrm,
    concurrency: 2,
  });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-mssql-'));
    standin = createStandin({ file: path.join(dir, 'standin.sqlite'), database: 'BOBTEST' });
    config = resolveConfig(
      {
        bob: { driver: 'mssql', server: 'sql.example.local', database: 'BOBTEST', user: 'bobsync', passwordEnv: 'BOB_PASSWORD' },
        crm: { driver: 'sim', file: 'crm.sqlite' },
        lang: 'en',
      },
      path.join(dir, 'bobsync.config.json'),
    );
    const db = await openMssqlExecutor(config.bob as BobMssqlConfig, 'not-used', { driver: standin.mssql });
    await createBobTables(db, config.bobSchema, []);
    await db.execute("INSERT INTO [AC_COMPAN] ([CID], [CCUSTYPE], [CSUPTYPE], [CNAME1], [CISPERS]) VALUES ('ACME', 'C', 'U', 'Acme NV', '0')");
    await db.close();
    const company = aCrmCompany({
      id: '501', name: NAME_41, type: 'Customer', bobSync: true, vat: belgianVat(4567891), email: EMAIL_66,
      phone: '+32 2 511 22 33', address: { address1: 'Grote Markt 1', postcode: '1000', city: 'Brussel', country: 'Bosnië-Herzegovina' },
    });
    const persons = [aCrmPerson({ id: '9', companyId: '501', firstName: 'Els', lastName: 'Wouters', title: 'Verantwoordelijke administratie', email: 'els@example.be' })];
    seedSimDatabase(path.join(dir, 'crm.sqlite'), { companies: [{ ...company, address: { ...company.address!, id: '' } }], persons, fields: [] });
  });

  after(() => {
    holder?.kill('SIGKILL');
    standin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let workbook = '';

  it('shows at analyse what BOB will receive: the name continued, the country as its code, the e-mail and the function shortened', async () => {
    const report = await runAnalyse({ format: 'xlsx', force: false, out: path.join(dir, 'proposal.xlsx') }, deps());
    workbook = report.output;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(workbook);
    const sheet = book.getWorksheet('CRM to BOB')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const warning = String(sheet.getRow(2).getCell(header.indexOf('Warning')).value ?? '');
    expect(warning.split('\n')).to.deep.equal([
      'Country Bosnië-Herzegovina → BA',
      'Name continues on Name 2: Grand-Place',
      `E-mail shortened to 60 characters: ${EMAIL_66.slice(0, 60)}`,
      'Contact Els Wouters: Function shortened to 30 characters: Verantwoordelijke administrati',
    ]);
  });

  it('refuses an apply while another workstation (another process, another connection) holds the run lock', async function () {
    await confirm(workbook);
    holder = spawn(process.execPath, [path.join(HERE, '../helpers/hold-run-lock.js'), path.join(dir, 'standin.sqlite'), config.statePrefix], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      holder!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      holder!.on('exit', (code) => reject(new Error(`the second workstation exited with ${code}`)));
    });
    expect(line).to.match(/^locked colleague on /);
    try {
      await runImport({ path: workbook, apply: true, json: false }, deps());
      expect.fail('the apply ran while another workstation held the lock');
    } catch (error) {
      expect(error).to.be.instanceOf(BobsyncError);
      expect((error as BobsyncError).code).to.equal('transient');
      expect((error as BobsyncError).message).to.contain('colleague on').and.contain('R-SECOND-WORKSTATION');
    }
  });

  it('applies once the holder was killed (the server drops a dead session\'s lock), exactly what the workbook showed', async () => {
    const exited = new Promise((resolve) => holder!.once('exit', resolve));
    holder!.kill('SIGKILL');
    await exited;
    holder = undefined;
    const report = await runImport({ path: workbook, apply: true, json: false }, deps());
    expect(report.findings).to.deep.equal([]);
    expect(report.run?.failures).to.deep.equal([]);
    expect(report.exitCode).to.equal(0);
    const db = await openMssqlExecutor(config.bob as BobMssqlConfig, 'not-used', { driver: standin.mssql });
    try {
      const [company] = await db.query("SELECT [CID], [CNAME1], [CNAME2], [CCOUNTRY], [EMAILADDRESS], [CTELNO] FROM [AC_COMPAN] WHERE [CID] <> 'ACME'");
      expect(company).to.deep.equal({
        CID: 'BRASSERIEE',
        CNAME1: 'Brasserie et Restaurant de la',
        CNAME2: 'Grand-Place',
        CCOUNTRY: 'BA',
        EMAILADDRESS: EMAIL_66.slice(0, 60),
        CTELNO: '02/511.22.33',
      });
      const [contact] = await db.query('SELECT [PTITLE], [PCID] FROM [AC_CONTACT]');
      expect(contact).to.deep.equal({ PTITLE: 'Verantwoordelijke administrati', PCID: 'BRASSERIEE' });
      const [label] = await db.query(`SELECT [HOLDER] FROM [${config.statePrefix}LOCK]`);
      expect(label).to.equal(undefined);
    } finally {
      await db.close();
    }
  });
});
