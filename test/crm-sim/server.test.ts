import { expect } from 'chai';
import path from 'node:path';
import { openSimStore } from '../../src/crm-sim/sim-store.js';
import { startSimulator } from '../../src/crm-sim/server.js';
import { isBobsyncError } from '../../src/errors.js';
import { aCrmCompany, aCrmPerson, seededRandom, startTempSimulator, tempDir, type TempSimulator } from './sim-fixture.js';

const auth = (user: string, password: string): Record<string, string> => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

function firstDiagnosis(body: Record<string, unknown>): Record<string, unknown> {
  return (body.$diagnoses as Record<string, unknown>[])[0]!;
}

describe('startSimulator', () => {
  describe('routes', () => {
    let sim: TempSimulator;
    before(async () => {
      const companies = Array.from({ length: 7 }, (_, i) =>
        aCrmCompany({ id: String(i + 1), name: `Company ${String.fromCharCode(65 + i)}`, type: i % 2 === 0 ? 'Customer' : 'Prospect', custom: { comp_sector: `S${i}` } }),
      );
      sim = await startTempSimulator(
        { companies, persons: [aCrmPerson({ companyId: '1' }), aCrmPerson({ companyId: '2', lastName: 'Janssens' })], fields: [{ name: 'comp_sector', caption: 'Sector', type: 'string' }] },
        { user: 'admin', password: 's3cret' },
      );
    });
    after(() => sim.close());

    const get = (pathAndQuery: string): Promise<Response> => fetch(sim.url + pathAndQuery, { headers: auth('admin', 's3cret') });

    it('serves its base URL on loopback', () => {
      expect(sim.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/sdata\/crmj\/sagecrm2\/-\/$/);
    });

    it('pages a feed with a 1-based startIndex and reports the totals', async () => {
      const response = await get('Company?startIndex=3&count=2');
      expect(response.status).to.equal(200);
      const body = await json(response);
      expect(body.$totalResults).to.equal(7);
      expect(body.$startIndex).to.equal(3);
      expect(body.$itemsPerPage).to.equal(2);
      const resources = body.$resources as Record<string, unknown>[];
      expect(resources.map((r) => r.comp_companyid)).to.deep.equal([3, 4]);
      expect(resources[0]).to.include({ $key: '3', comp_name: 'Company C', comp_sector: 'S2', comp_bobsync: 'Y' });
      expect(resources[0]!.$url).to.equal(`${sim.url}Company('3')`);
    });

    it('caps count at 1000 and says so in $itemsPerPage', async () => {
      const body = await json(await get('Company?count=5000'));
      expect(body.$itemsPerPage).to.equal(1000);
      expect(body.$resources).to.have.length(7);
    });

    it('answers an empty page past the end', async () => {
      const body = await json(await get('Company?startIndex=8&count=5'));
      expect(body.$totalResults).to.equal(7);
      expect(body.$resources).to.deep.equal([]);
    });

    it('filters with where and sorts with orderBy', async () => {
      const where = encodeURIComponent("comp_type eq 'customer' and comp_name like 'Company%'");
      const body = await json(await get(`company?where=${where}&orderBy=comp_name%20desc`));
      expect(body.$totalResults).to.equal(4);
      expect((body.$resources as Record<string, unknown>[]).map((r) => r.comp_name)).to.deep.equal([
        'Company G',
        'Company E',
        'Company C',
        'Company A',
      ]);
    });

    it('filters with a selector in parentheses', async () => {
      const body = await json(await get(`Company(${encodeURIComponent("comp_companyid in ('2','4')")})`));
      expect((body.$resources as Record<string, unknown>[]).map((r) => r.comp_companyid)).to.deep.equal([2, 4]);
    });

    it('answers 400 BadWhereSyntax for an unknown field', async () => {
      const response = await get(`Company?where=${encodeURIComponent("comp_password eq 'x'")}`);
      expect(response.status).to.equal(400);
      expect(firstDiagnosis(await json(response))).to.include({ $severity: 'error', $sdataCode: 'BadWhereSyntax' });
    });

    it('treats a quote-doubling injection attempt as one literal', async () => {
      const response = await get(`Company?where=${encodeURIComponent("comp_name eq 'x'' or 1=1 --'")}`);
      expect(response.status).to.equal(200);
      expect((await json(response)).$totalResults).to.equal(0);
    });

    it('answers 400 BadQueryParameter for a bad startIndex', async () => {
      const response = await get('Company?startIndex=0');
      expect(response.status).to.equal(400);
      expect(firstDiagnosis(await json(response)).$sdataCode).to.equal('BadQueryParameter');
    });

    it('serves an entry by key', async () => {
      const response = await get("Company('2')");
      expect(response.status).to.equal(200);
      expect(await json(response)).to.include({ $key: '2', comp_companyid: 2, comp_name: 'Company B' });
    });

    it('answers 404 for a missing entry and for an unknown resource', async () => {
      const missing = await get("Company('999')");
      expect(missing.status).to.equal(404);
      expect(firstDiagnosis(await json(missing)).$sdataCode).to.equal('ResourceNotFound');
      const unknown = await get('Opportunity');
      expect(unknown.status).to.equal(404);
      expect(firstDiagnosis(await json(unknown)).$sdataCode).to.equal('ResourceKindNotFound');
    });

    it('creates an entry with POST and answers 201 with it', async () => {
      const response = await fetch(`${sim.url}Person`, {
        method: 'POST',
        headers: { ...auth('admin', 's3cret'), 'Content-Type': 'application/json' },
        body: JSON.stringify({ pers_companyid: 3, pers_lastname: 'Maes', $key: 'ignored' }),
      });
      expect(response.status).to.equal(201);
      const entry = await json(response);
      expect(entry).to.include({ pers_companyid: 3, pers_lastname: 'Maes' });
      expect(response.headers.get('location')).to.equal(entry.$url);
      const readBack = await json(await get(`Person?where=${encodeURIComponent('pers_companyid eq 3')}`));
      expect((readBack.$resources as Record<string, unknown>[]).map((r) => r.pers_lastname)).to.deep.equal(['Maes']);
    });

    it('updates only the fields sent, with PATCH and with PUT', async () => {
      const send = (method: string, body: unknown): Promise<Response> =>
        fetch(`${sim.url}Company('5')`, { method, headers: { ...auth('admin', 's3cret'), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect((await send('PATCH', { comp_website: 'https://e.example', comp_sector: 'Retail' })).status).to.equal(200);
      const put = await send('PUT', { Comp_Status: 'Inactive' });
      expect(put.status).to.equal(200);
      expect(await json(put)).to.include({ comp_name: 'Company E', comp_website: 'https://e.example', comp_sector: 'Retail', comp_status: 'Inactive' });
    });

    it('refuses a write naming an unknown field, and a body that is not JSON', async () => {
      const unknown = await fetch(`${sim.url}Company('5')`, {
        method: 'PATCH',
        headers: auth('admin', 's3cret'),
        body: JSON.stringify({ comp_password: 'x' }),
      });
      expect(unknown.status).to.equal(400);
      expect(firstDiagnosis(await json(unknown)).$message).to.match(/Unknown field "comp_password"/);
      const broken = await fetch(`${sim.url}Company`, { method: 'POST', headers: auth('admin', 's3cret'), body: '{"comp_name":' });
      expect(broken.status).to.equal(400);
    });

    it('answers 405 to a method a route does not take', async () => {
      const response = await fetch(`${sim.url}Company('5')`, { method: 'DELETE', headers: auth('admin', 's3cret') });
      expect(response.status).to.equal(405);
      expect(response.headers.get('allow')).to.equal('GET, PUT, PATCH');
    });

    it('lists the fields of Company with the custom ones flagged', async () => {
      const body = await json(await get('$prototypes/Company'));
      expect(body.$name).to.equal('Company');
      const fields = body.$resources as { name: string; caption: string; type: string; custom: boolean }[];
      expect(fields.find((f) => f.name === 'comp_name')).to.deep.equal({ name: 'comp_name', caption: 'Name', type: 'string', custom: false });
      expect(fields.filter((f) => f.custom).map((f) => f.name)).to.deep.equal(['comp_bobsync', 'comp_vatnumber', 'comp_bobid', 'comp_sector']);
      const entities = await json(await get('$prototypes'));
      expect(entities.$resources).to.deep.equal([{ $name: 'Company' }, { $name: 'Person' }, { $name: 'Address' }]);
    });

    it('answers 401 with a diagnosis and a Basic challenge without valid credentials', async () => {
      for (const headers of [{}, auth('admin', 'wrong'), auth('other', 's3cret')]) {
        const response = await fetch(`${sim.url}Company`, { headers });
        expect(response.status).to.equal(401);
        expect(response.headers.get('www-authenticate')).to.match(/^Basic /);
        expect(firstDiagnosis(await json(response)).$sdataCode).to.equal('Unauthorized');
      }
    });
  });

  describe('faults', () => {
    let sim: TempSimulator | undefined;
    afterEach(async () => {
      await sim?.close();
      sim = undefined;
    });

    const companyCount = (file: string): number => {
      const store = openSimStore(file);
      try {
        return store.feed('Company', { where: '', orderBy: '', startIndex: 1, count: 0 }).total;
      } finally {
        store.close();
      }
    };

    it('answers 500 at the error rate, before writing anything', async () => {
      sim = await startTempSimulator({}, { errorRate: 1 });
      const response = await fetch(`${sim.url}Company`, { method: 'POST', body: JSON.stringify({ comp_name: 'Never' }) });
      expect(response.status).to.equal(500);
      expect(firstDiagnosis(await json(response)).$sdataCode).to.equal('ApplicationDiagnosis');
      expect(companyCount(sim.file)).to.equal(0);
      expect(sim.stats()).to.deep.equal({ requests: 1, failures: 1 });
    });

    it('draws the error rate from the given random source', async () => {
      sim = await startTempSimulator({}, { errorRate: 0.5, random: seededRandom(7) });
      const expected = (() => {
        const random = seededRandom(7);
        return Array.from({ length: 10 }, () => (random() < 0.5 ? 500 : 200));
      })();
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await fetch(`${sim.url}Company`)).status);
      expect(statuses).to.deep.equal(expected);
    });

    it('answers 503 to every request after the first N, and keeps running', async () => {
      sim = await startTempSimulator({}, { failAfter: 2 });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${sim.url}Company`)).status);
      expect(statuses).to.deep.equal([200, 200, 503, 503]);
      expect(sim.stats()).to.deep.equal({ requests: 4, failures: 2 });
    });

    it('answers 429 with Retry-After: 1 to every Nth request, writing nothing', async () => {
      sim = await startTempSimulator({}, { rateLimitEvery: 2 });
      const first = await fetch(`${sim.url}Company`, { method: 'POST', body: JSON.stringify({ comp_name: 'One' }) });
      const second = await fetch(`${sim.url}Company`, { method: 'POST', body: JSON.stringify({ comp_name: 'Two' }) });
      expect(first.status).to.equal(201);
      expect(second.status).to.equal(429);
      expect(second.headers.get('retry-after')).to.equal('1');
      expect(firstDiagnosis(await json(second)).$severity).to.equal('transient');
      expect(companyCount(sim.file)).to.equal(1);
    });

    it('answers after the configured latency', async () => {
      sim = await startTempSimulator({}, { latencyMs: 20 });
      expect((await fetch(`${sim.url}Company`)).status).to.equal(200);
    });
  });

  describe('options', () => {
    it('refuses a user without a password', async () => {
      const { dir, remove } = tempDir();
      try {
        const error = await startSimulator({ file: path.join(dir, 'crm.sqlite'), user: 'admin' }).catch((e: unknown) => e);
        expect(isBobsyncError(error, 'usage')).to.equal(true);
      } finally {
        remove();
      }
    });

    it('refuses an error rate outside 0..1', async () => {
      const { dir, remove } = tempDir();
      try {
        const error = await startSimulator({ file: path.join(dir, 'crm.sqlite'), errorRate: 1.5 }).catch((e: unknown) => e);
        expect(isBobsyncError(error, 'usage')).to.equal(true);
        expect((error as Error).message).to.match(/--error-rate/);
      } finally {
        remove();
      }
    });

    it('says when the port is taken', async () => {
      const first = await startTempSimulator();
      const { dir, remove } = tempDir();
      try {
        const port = Number(new URL(first.url).port);
        const error = await startSimulator({ file: path.join(dir, 'crm.sqlite'), port }).catch((e: unknown) => e);
        expect(isBobsyncError(error, 'unavailable')).to.equal(true);
        expect((error as Error).message).to.match(/already in use/);
      } finally {
        await first.close();
        remove();
      }
    });
  });
});
