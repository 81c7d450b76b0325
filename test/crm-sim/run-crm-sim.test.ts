import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { runCrmSim } from '../../src/crm-sim/run-crm-sim.js';
import { tempDir } from './sim-fixture.js';

describe('runCrmSim', () => {
  it('creates the database, prints the base URL first, then how to stop', async () => {
    const { dir, remove } = tempDir();
    const db = path.join(dir, 'crm.sqlite');
    const lines: string[] = [];
    const running = await runCrmSim({ db, user: 'admin', password: 'pw' }, { stdout: (line) => lines.push(line) });
    try {
      expect(fs.existsSync(db)).to.equal(true);
      expect(lines).to.have.length(2);
      expect(lines[0]).to.match(/^http:\/\/127\.0\.0\.1:\d+\/sdata\/crmj\/sagecrm2\/-\/$/);
      expect(lines[1]).to.match(/Ctrl\+C/);
      expect(lines.join('\n')).not.to.include('pw');
      const response = await fetch(`${lines[0]}Company`, { headers: { Authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` } });
      expect(response.status).to.equal(200);
    } finally {
      await running.close();
      remove();
    }
  });
});
