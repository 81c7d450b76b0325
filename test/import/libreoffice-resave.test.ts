/**
 * A proposal opened and saved again in LibreOffice Calc must still import: LibreOffice rewrites the
 * whole file (its own styles, shared strings, the very hidden `_meta` sheet becomes merely hidden,
 * no sheet protection), and the import must read the same values, find nothing tampered with, and
 * pick up the decisions edited afterwards. Runs only where `soffice` is on the PATH.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { runImport } from '../../src/app/run-import.js';
import { META_SHEET } from '../../templates/columns.js';
import { analyse, confirm, createWorld, importDeps, readWorld, type World } from '../apply/world.js';
import { aBobContact, aBobCustomer, aCrmCompany, aCrmPerson, belgianVat } from '../engine/builders.js';
import { cellAt, setCells } from './fixtures.js';

const run = promisify(execFile);
/** A first start of LibreOffice with a fresh profile takes several seconds; a busy machine more. */
const SOFFICE_TIMEOUT_MS = 90_000;
const SKIP_MESSAGE = 'LibreOffice (soffice) is not installed: the re-save test is skipped';

/** Texts a spreadsheet would turn into numbers if it took them for input: a valid VAT number without prefix… */
const VAT_WITH_ZERO = belgianVat(4030192).slice(2);
/** …and an invalid one, which the workbook shows as typed. */
const BAD_VAT = `${VAT_WITH_ZERO.slice(0, 8)}${String((Number(VAT_WITH_ZERO.slice(8)) + 1) % 100).padStart(2, '0')}`;

function scenario(): Parameters<typeof createWorld>[0] {
  return {
    parties: [
      aBobCustomer({ id: '0042', name: 'Zero Two', country: 'BE', vatNo: VAT_WITH_ZERO, postcode: '0810', locality: 'Ergens' }),
      aBobCustomer({ id: 'DASH', name: '-Dash BV', country: 'BE' }),
      aBobCustomer({ id: 'HOLD', name: 'Hold Back', country: 'BE' }),
      aBobCustomer({ id: 'BADVAT', name: 'Bad Vat', country: 'BE', vatNo: BAD_VAT }),
    ],
    contacts: [aBobContact({ id: '1', companyId: '0042', firstName: 'Jan', lastName: 'Peeters' })],
    companies: [aCrmCompany({ id: '20', name: 'From CRM', vat: belgianVat(5000003) })],
    persons: [aCrmPerson({ id: '5', companyId: '20', firstName: 'Els', lastName: 'Wouters' })],
  };
}

function sofficeInstalled(): boolean {
  const probe = spawnSync('soffice', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return probe.error === undefined && probe.status === 0;
}

/** Opens `input` in LibreOffice and saves it as xlsx into `outDir`, with a private profile so runs do not collide. */
async function resaveWithLibreOffice(input: string, outDir: string, profileDir: string): Promise<string> {
  fs.mkdirSync(outDir, { recursive: true });
  const args = [`-env:UserInstallation=${pathToFileURL(profileDir).href}`, '--headless', '--convert-to', 'xlsx', '--outdir', outDir, input];
  const { stdout, stderr } = await run('soffice', args, { timeout: SOFFICE_TIMEOUT_MS });
  const output = path.join(outDir, path.basename(input));
  if (!fs.existsSync(output)) throw new Error(`LibreOffice wrote no ${output}:\n${stdout}\n${stderr}`);
  return output;
}

async function readXlsx(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** Every text cell of every sheet as `sheet!A1 → text`. */
function textCells(workbook: ExcelJS.Workbook): Map<string, string> {
  const texts = new Map<string, string>();
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') texts.set(`${sheet.name}!${cell.address}`, cell.value);
      }),
    );
  }
  return texts;
}

describe('import of a proposal re-saved by LibreOffice Calc', function () {
  this.timeout(SOFFICE_TIMEOUT_MS + 60_000);
  let world: World;
  let profileDir: string;
  let original: string;
  let resaved: string;
  let proposalId: string;

  before(async function () {
    if (!sofficeInstalled()) {
      console.log(SKIP_MESSAGE);
      this.skip();
    }
    world = await createWorld(scenario());
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-lo-profile-'));
    const exported = await analyse(world);
    original = exported.path;
    proposalId = exported.proposalId;
    // A code typed as text by the reviewer before LibreOffice sees the file: digits with a leading zero.
    await setCells(original, [['crmToBob', 'C2B:20', 'newBobId', '0123']]);
    resaved = await resaveWithLibreOffice(original, path.join(world.dir, 'resaved'), profileDir);
  });

  after(() => {
    world?.cleanup();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  });

  it('keeps every text cell as the same text, codes and VAT numbers with leading zeros included', async () => {
    const before = await readXlsx(original);
    const after = await readXlsx(resaved);
    expect(fs.readFileSync(resaved).equals(fs.readFileSync(original)), 'LibreOffice rewrote the file').to.equal(false);
    expect(Object.fromEntries(textCells(after))).to.deep.equal(Object.fromEntries(textCells(before)));
    expect(cellAt(after, 'bobToCrm', 'B2C:0042', 'bobId').value).to.equal('0042');
    expect(cellAt(after, 'bobToCrm', 'B2C:0042', 'postcode').value).to.equal('0810');
    expect(cellAt(after, 'bobToCrm', 'B2C:DASH', 'name').value).to.equal('-Dash BV');
    expect(cellAt(after, 'crmToBob', 'C2B:20', 'newBobId').value).to.equal('0123');
    expect(cellAt(after, 'bobToCrm', 'B2C:BADVAT', 'vat').value).to.equal(BAD_VAT);
    // LibreOffice has no "very hidden": the metadata sheet comes back hidden.
    expect(after.getWorksheet(META_SHEET)?.state).to.be.oneOf(['hidden', 'veryHidden']);
  });

  it('dry-runs the re-saved file without a finding, recognising its metadata and its text codes', async () => {
    const report = await runImport({ path: resaved, apply: false, json: false }, importDeps(world));
    expect(report.proposalId).to.equal(proposalId);
    expect(report.findings).to.deep.equal([]);
    expect(report.exitCode).to.equal(0);
    expect(report.confirmed).to.equal(false);
    expect(report.confirmCell).to.match(/^Summary!B\d+$/);
    expect(report.plan.operations).to.deep.include({ 'bob-insert-customer': 1 });
    const results = Object.fromEntries(report.rows.map((row) => [row.rowKey, row.text]));
    expect(results).to.deep.include({ 'B2C:0042': 'would apply', 'B2C:DASH': 'would apply', 'B2C:HOLD': 'would apply', 'C2B:20': 'would apply' });
  });

  it('picks up decisions edited in the re-saved file and applies them, leading zeros and guarded text intact', async () => {
    const edited = path.join(world.dir, 'edited.xlsx');
    fs.copyFileSync(resaved, edited);
    await confirm(edited);
    await setCells(edited, [['bobToCrm', 'B2C:HOLD', 'noSync', 'Yes']]);

    const dryRun = await runImport({ path: edited, apply: false, json: false }, importDeps(world));
    expect(dryRun.findings).to.deep.equal([]);
    expect(dryRun.confirmed).to.equal(true);
    expect(dryRun.reviewedBy).to.equal('Reviewer');
    expect(dryRun.rows.find((row) => row.rowKey === 'B2C:HOLD')?.text).to.equal('skipped: no sync');

    const report = await runImport({ path: edited, apply: true, json: false }, importDeps(world));
    expect(report.message).to.match(/^proposal \S+ applied: /);
    expect(report.exitCode).to.equal(0);
    const results = Object.fromEntries(report.rows.map((row) => [row.rowKey, row.text]));
    expect(results).to.deep.include({ 'B2C:0042': 'applied', 'B2C:DASH': 'applied', 'B2C:HOLD': 'skipped: no sync', 'C2B:20': 'applied' });

    const after = await readWorld(world);
    expect(after.bob.thirdParties.filter((party) => party.id === '0123').map((party) => party.name)).to.deep.equal(['From CRM']);
    const byBobId = (id: string) => after.crm.companies.filter((company) => company.bobId === id);
    expect(byBobId('0042').map((company) => company.name)).to.deep.equal(['Zero Two']);
    expect(byBobId('0042')[0]!.address?.postcode).to.equal('0810');
    expect(byBobId('DASH').map((company) => company.name)).to.deep.equal(['-Dash BV']);
    expect(byBobId('HOLD')).to.deep.equal([]);
    expect(after.crm.companies.find((company) => company.id === '20')?.bobId).to.equal('0123');
    expect(after.mapping.find((entry) => entry.bobId === 'HOLD')).to.include({ crmId: '', noSync: true });
  });
});
