import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { confirm } from '../apply/world.js';
import { runCli } from './run-cli.js';

describe('main', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the help with every command and exits 0', async () => {
    const result = await runCli(['--help'], { cwd: dir });
    expect(result.code).to.equal(0);
    for (const command of ['demo', 'analyse', 'import', 'verify', 'mapping', 'crm-sim']) expect(result.stdout).to.contain(command);
  });

  it('exits 64 with one line for an unknown command', async () => {
    const result = await runCli(['analyze-everything'], { cwd: dir });
    expect(result.code).to.equal(64);
    expect(result.stderr).to.match(/^error: .*--help/);
    expect(result.stderr.trim().split('\n')).to.have.length(1);
  });

  it('exits 64 without a command', async () => {
    const result = await runCli([], { cwd: dir });
    expect(result.code).to.equal(64);
    expect(result.stderr).to.contain('Name a command');
  });

  it('exits 64 for an unknown option', async () => {
    const result = await runCli(['analyse', '--formatt', 'csv'], { cwd: dir });
    expect(result.code).to.equal(64);
    expect(result.stderr).to.contain('formatt');
  });

  it('exits 64 for an invalid choice', async () => {
    const result = await runCli(['analyse', '--format', 'ods'], { cwd: dir });
    expect(result.code).to.equal(64);
    expect(result.stderr).to.contain('format');
  });

  it('exits 64 when --customers is not a positive integer', async () => {
    const result = await runCli(['demo', '--customers', '-3'], { cwd: dir });
    expect(result.code).to.equal(64);
    expect(result.stderr).to.contain('Expected `--customers` to be an integer from 1');
  });

  it('exits 78 naming the file when the configuration is missing', async () => {
    const result = await runCli(['analyse'], { cwd: dir });
    expect(result.code).to.equal(78);
    expect(result.stderr).to.contain(path.join(dir, 'bobsync.config.json'));
    expect(result.stderr).to.contain('bobsync demo');
  });

  it('exits 78 naming the key of a wrong configuration', async () => {
    fs.writeFileSync(path.join(dir, 'bobsync.config.json'), JSON.stringify({ bob: { driver: 'sqlite', file: 'b.sqlite' }, crm: { driver: 'sim' } }));
    const result = await runCli(['analyse'], { cwd: dir });
    expect(result.code).to.equal(78);
    expect(result.stderr).to.contain('"crm" is missing the key "file"');
  });

  it('exits 66 when the BOB database named in the configuration does not exist', async () => {
    fs.writeFileSync(path.join(dir, 'bobsync.config.json'), JSON.stringify({ bob: { driver: 'sqlite', file: 'missing.sqlite' }, crm: { driver: 'sim', file: 'crm.sqlite' } }));
    const result = await runCli(['analyse'], { cwd: dir });
    expect(result.code).to.equal(66);
    expect(result.stderr).to.contain('missing.sqlite');
  });

  it('exits 78 when the CRM credentials are not in the environment, without printing secrets', async () => {
    await runCli(['demo', '--dir', 'd', '--customers', '20'], { cwd: dir });
    const configPath = path.join(dir, 'd', 'bobsync.config.json');
    const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
    config.crm = { driver: 'rest', url: 'http://127.0.0.1:9/sdata/crmj/sagecrm2/-/', userEnv: 'CRM_USER', passwordEnv: 'CRM_PASSWORD' };
    fs.writeFileSync(configPath, JSON.stringify(config));
    const result = await runCli(['analyse', '--config', 'd/bobsync.config.json'], { cwd: dir, env: { CRM_USER: 'admin' } });
    expect(result.code).to.equal(78);
    expect(result.stderr).to.contain('CRM_PASSWORD is not set');
  });

  it('exits 69 when the CRM is unreachable, naming the URL and never the password', async () => {
    await runCli(['demo', '--dir', 'd', '--customers', '20'], { cwd: dir });
    const configPath = path.join(dir, 'd', 'bobsync.config.json');
    const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
    config.crm = { driver: 'rest', url: 'http://127.0.0.1:9/sdata/crmj/sagecrm2/-/', userEnv: 'CRM_USER', passwordEnv: 'CRM_PASSWORD', retries: 0, timeoutMs: 2000 };
    fs.writeFileSync(configPath, JSON.stringify(config));
    const result = await runCli(['analyse', '--config', 'd/bobsync.config.json'], { cwd: dir, env: { CRM_USER: 'admin', CRM_PASSWORD: 's3cret-pw' } });
    expect(result.code).to.equal(69);
    expect(result.stderr).to.contain('127.0.0.1:9');
    expect(result.stderr).not.to.contain('s3cret-pw');
  });

  it('exits 78 naming the column and the configuration key when a BOB column is missing', async () => {
    await runCli(['demo', '--dir', 'd', '--customers', '20'], { cwd: dir });
    const configPath = path.join(dir, 'd', 'bobsync.config.json');
    const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
    config.bobSchema = { company: { vatNo: 'CVATNUMMER' } };
    fs.writeFileSync(configPath, JSON.stringify(config));
    const result = await runCli(['analyse', '--config', 'd/bobsync.config.json'], { cwd: dir });
    expect(result.code).to.equal(78);
    expect(result.stderr).to.contain('CVATNUMMER');
    expect(result.stderr).to.contain('bobSchema.company.vatNo');
  });

  it('runs demo then analyse end to end and writes the proposal workbook', async () => {
    const demo = await runCli(['demo', '--dir', 'demo', '--customers', '40', '--seed', '7'], { cwd: dir });
    expect(demo.code, demo.stderr).to.equal(0);
    expect(demo.stdout).to.contain('bobsync analyse');
    const analyse = await runCli(['analyse', '--config', 'demo/bobsync.config.json', '--out', 'demo/proposal.xlsx', '--lang', 'en', '--json'], { cwd: dir });
    expect(analyse.code, analyse.stderr).to.equal(0);
    const report = JSON.parse(analyse.stdout);
    expect(report.output).to.equal(path.join(dir, 'demo', 'proposal.xlsx'));
    expect(fs.existsSync(report.output)).to.equal(true);
    expect(report.counts.bobToCrm['create-crm']).to.be.greaterThan(0);
    expect(report.counts.crmToBob['create-bob']).to.be.greaterThan(0);
  });

  it('refuses to overwrite an existing output without --force (exit 73) and leaves it untouched', async () => {
    await runCli(['demo', '--dir', 'demo', '--customers', '20'], { cwd: dir });
    fs.writeFileSync(path.join(dir, 'keep.xlsx'), 'edited by the bookkeeper');
    const result = await runCli(['analyse', '--config', 'demo/bobsync.config.json', '--out', 'keep.xlsx'], { cwd: dir });
    expect(result.code).to.equal(73);
    expect(result.stderr).to.contain('--force');
    expect(fs.readFileSync(path.join(dir, 'keep.xlsx'), 'utf8')).to.equal('edited by the bookkeeper');
  });

  it('exits 73 when the output folder does not exist, leaving no registered proposal', async () => {
    await runCli(['demo', '--dir', 'demo', '--customers', '20'], { cwd: dir });
    const result = await runCli(['analyse', '--config', 'demo/bobsync.config.json', '--out', 'no/such/dir/p.xlsx'], { cwd: dir });
    expect(result.code).to.equal(73);
    expect(result.stderr).to.contain('no/such/dir');
  });

  it('prints the human report with counts per sheet and the next steps', async () => {
    await runCli(['demo', '--dir', 'demo', '--customers', '30'], { cwd: dir });
    const result = await runCli(['analyse', '--config', 'demo/bobsync.config.json', '--out', 'demo/p.xlsx'], { cwd: dir });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/BOB to CRM: \d+/);
    expect(result.stdout).to.contain('Create in CRM');
    expect(result.stdout).to.contain('bobsync import');
    // The demo's workbook is in Dutch: what the bookkeeper looks for is named as the workbook shows it.
    const next = result.stdout.replace(/\s+/g, ' ');
    expect(next).to.contain('editable (Koppelen aan CRM-id, Geen sync., Deze keer niet, Nieuwe BOB-code, Persoonlijke velden)');
    expect(next).to.contain('sets "De synchronisatiegegevens zijn correct" to Ja on the Overzicht sheet.');
    const prose = result.stdout.split('\n').filter((line) => !line.includes('npx bobsync')); // commands stay whole, to be copied
    expect(Math.max(...prose.map((line) => line.length))).to.be.at.most(100);
  });

  it('shows the progress of an apply apart from the report, and none for a dry run', async () => {
    await runCli(['demo', '--dir', 'demo', '--customers', '30', '--seed', '3'], { cwd: dir });
    const analysed = await runCli(['analyse', '--config', 'demo/bobsync.config.json', '--out', 'demo/p.xlsx', '--lang', 'en'], { cwd: dir });
    expect(analysed.code, analysed.stderr).to.equal(0);
    await confirm(path.join(dir, 'demo', 'p.xlsx'));
    const capture = (): { stream: PassThrough; text: () => string } => {
      const stream = new PassThrough();
      let text = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      return { stream, text: () => text };
    };

    const dry = capture();
    const dryRun = await runCli(['import', 'demo/p.xlsx', '--config', 'demo/bobsync.config.json'], { cwd: dir, progress: dry.stream });
    expect(dryRun.code, dryRun.stderr).to.equal(0);
    expect(dry.text()).to.equal('');

    const shown = capture();
    const applied = await runCli(['import', 'demo/p.xlsx', '--config', 'demo/bobsync.config.json', '--apply', '--json'], {
      cwd: dir,
      progress: shown.stream,
    });
    expect(applied.code, applied.stderr).to.equal(0);
    const report = JSON.parse(applied.stdout); // stdout is the JSON report alone
    const operations = report.run.counts.operations as number;
    expect(operations).to.be.greaterThan(0);
    const lines = shown.text().split('\n').filter((line) => line.trim() !== '');
    expect(lines[0]).to.match(/^Applying \[/);
    expect(lines.at(-1)).to.contain(`${operations}/${operations} operations | 0 failed`);
  });
});
