import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { expect } from 'chai';
import { readCrmInThread } from '../../src/app/crm-read-thread.js';
import { openCrm } from '../../src/app/open-sources.js';
import { releaseMemory } from '../../src/app/release-memory.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import { createDemo } from '../../src/demo/create-demo.js';
import type { CrmCompany, CrmPerson } from '../../src/engine/model.js';
import { BobsyncError } from '../../src/errors.js';

describe('readCrmInThread', () => {
  let root: string;
  let config: Config;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
    const summary = await createDemo({ dir: path.join(root, 'demo'), customers: 60, seed: 7 });
    config = loadConfig(summary.files.config, root);
  });
  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reads what the CRM client reads in this thread: fields, companies with their address, persons', async () => {
    const { crm, description } = await readCrmInThread(config, {}).result;
    const side = await openCrm(config, {});
    try {
      const companies: CrmCompany[] = [];
      const persons: CrmPerson[] = [];
      for await (const page of side.crm.companies()) companies.push(...page);
      for await (const page of side.crm.persons()) persons.push(...page);
      expect(companies.length).to.be.greaterThan(0);
      expect(crm.companies).to.deep.equal(companies);
      expect(crm.persons).to.deep.equal(persons);
      expect(crm.fields).to.deep.equal(await side.crm.companyFields());
    } finally {
      await side.close();
    }
    expect(description).to.match(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it("passes the CRM's error on as it is: code, message and hint", async () => {
    const rest: Config = { ...config, crm: { driver: 'rest', url: 'http://127.0.0.1:9/sdata/crmj/sagecrm2/-/', userEnv: 'NO_SUCH_USER', passwordEnv: 'NO_SUCH_PASSWORD', concurrency: 2 } as Config['crm'] };
    let caught: unknown;
    await readCrmInThread(rest, {}).result.catch((error: unknown) => (caught = error));
    expect(caught).to.be.instanceOf(BobsyncError);
    expect((caught as BobsyncError).code).to.equal('config');
    expect((caught as BobsyncError).message).to.equal('environment variable NO_SUCH_USER is not set');
    expect((caught as BobsyncError).hint).to.contain('NO_SUCH_USER');
  });

  it('can be stopped before it has read everything', async () => {
    const reading = readCrmInThread(config, {});
    await reading.cancel();
    let caught: unknown;
    await reading.result.catch((error: unknown) => (caught = error));
    expect(caught).to.be.instanceOf(BobsyncError);
  });

  it('keeps nothing of what it read once the caller lets it go', async () => {
    const companies = await (async () => new WeakRef((await readCrmInThread(config, {}).result).crm.companies))();
    // The thread has been told to stop but has not exited yet: its Worker object and listeners are
    // still there, as they are in `analyse` while the engine runs right after the reads.
    await nextTurn(); // a WeakRef keeps its target until the current job ends
    releaseMemory();
    expect(companies.deref()).to.equal(undefined);
  });
});
