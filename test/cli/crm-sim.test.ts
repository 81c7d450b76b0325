import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { processHost, type CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { runCli } from './run-cli.js';

describe('crm-sim command', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-sim-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints its base URL first, creates the database, answers with Basic auth, and stops when interrupted', async () => {
    const lines: string[] = [];
    let stop!: () => void;
    const interrupted = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let urlSeen!: (url: string) => void;
    const firstLine = new Promise<string>((resolve) => {
      urlSeen = resolve;
    });
    const io: CliIo = {
      stdout: (text) => {
        lines.push(text);
        if (lines.length === 1) urlSeen(text.trim());
      },
      stderr: (text) => lines.push(`ERR ${text}`),
      env: {},
      cwd: dir,
      now: () => new Date(),
      user: () => 'tester',
      untilInterrupted: () => interrupted,
      host: processHost(),
    };
    const running = main(['crm-sim', '--db', 'sim.sqlite', '--user', 'u', '--password', 'p'], io);
    const url = await firstLine;
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/sdata\/crmj\/sagecrm2\/-\/$/);
    expect(fs.existsSync(path.join(dir, 'sim.sqlite'))).to.equal(true);
    const denied = await fetch(`${url}Company`);
    expect(denied.status).to.equal(401);
    const feed = await fetch(`${url}Company`, { headers: { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` } });
    expect(feed.status).to.equal(200);
    expect(await feed.json()).to.have.property('$totalResults', 0);
    stop();
    expect(await running).to.equal(0);
    await fetch(`${url}Company`).then(
      () => expect.fail('the simulator should be closed'),
      (error: Error) => expect(error).to.be.instanceOf(Error),
    );
  });

  it('refuses --user without --password (exit 64)', async () => {
    const result = await runCli(['crm-sim', '--db', 'sim.sqlite', '--user', 'u'], { cwd: dir });
    expect(result.code).to.equal(64);
    expect(result.stdout + result.stderr).to.contain('`--user` and `--password` together');
  });

  it('refuses an error rate above 1 (exit 64)', async () => {
    const result = await runCli(['crm-sim', '--db', 'sim.sqlite', '--error-rate', '2'], { cwd: dir });
    expect(result.code).to.equal(64);
    expect(result.stdout + result.stderr).to.contain('Expected `--error-rate` to be a number from 0 to 1');
  });
});
