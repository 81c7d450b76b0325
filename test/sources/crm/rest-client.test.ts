import http from 'node:http';
import net from 'node:net';
import { expect } from 'chai';
import { defaultCrmSchema } from '../../../src/config/defaults.js';
import type { CrmCompany } from '../../../src/engine/model.js';
import { isBobsyncError } from '../../../src/errors.js';
import { createRestClient, customFieldsOf, type RestClientOptions } from '../../../src/sources/crm/rest-client.js';
import { CrmRequestError, type CrmRequestInfo } from '../../../src/sources/crm/sdata-transport.js';
import { aCrmCompany, aCrmPerson, seededRandom, startTempSimulator, type TempSimulator } from '../../crm-sim/sim-fixture.js';

const USER = 'admin';
const PASSWORD = 'pa55-w0rd';
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 2 };

function clientFor(sim: { url: string }, overrides: Partial<RestClientOptions> = {}) {
  return createRestClient({ url: sim.url, user: USER, password: PASSWORD, schema: defaultCrmSchema(), retry: FAST_RETRY, ...overrides });
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

async function failureOf(promise: Promise<unknown>): Promise<CrmRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a failure').to.be.instanceOf(CrmRequestError);
  return error as CrmRequestError;
}

function companies(count: number, make: (i: number) => Partial<CrmCompany> = () => ({})): CrmCompany[] {
  return Array.from({ length: count }, (_, i) =>
    aCrmCompany({
      id: String(i + 1),
      name: `Company ${i + 1}`,
      vat: `BE0${String(400000000 + i)}`,
      address: { id: '', address1: `Street ${i + 1}`, address2: '', postcode: String(1000 + i), city: 'Brussels', country: 'BE' },
      ...make(i),
    }),
  );
}

const query = (info: CrmRequestInfo): URLSearchParams => new URL(info.url).searchParams;
/** The path after the base URL: `Company`, `Company('4')`, `$prototypes/Company`. */
const resourceOf = (info: CrmRequestInfo): string => decodeURIComponent(new URL(info.url).pathname.replace(/^.*\/sagecrm2\/-\//, ''));

describe('createRestClient', () => {
  describe('reading', () => {
    let sim: TempSimulator;
    before(async () => {
      sim = await startTempSimulator(
        {
          companies: companies(23, (i) => ({
            bobSync: i % 2 === 0,
            bobId: i === 4 ? "O'BRIEN" : i === 5 ? 'DUPONT' : '',
            ...(i === 6 ? { address: null } : {}),
            custom: { comp_sector: `Sector ${i + 1}` },
          })),
          persons: [
            aCrmPerson({ companyId: '1', lastName: 'Maes' }),
            aCrmPerson({ companyId: '2', lastName: 'Peeters', email: 'p@x.example' }),
            aCrmPerson({ companyId: '2', lastName: 'Janssens' }),
            aCrmPerson({ companyId: '9', lastName: 'Wouters' }),
          ],
          fields: [{ name: 'comp_sector', caption: 'Sector', type: 'string' }],
        },
        { user: USER, password: PASSWORD },
      );
    });
    after(() => sim.close());

    it('reads every company in pages, in order, when the total is not a multiple of the page size', async () => {
      const requests: CrmRequestInfo[] = [];
      const client = clientFor(sim, { pageSize: 5, onRequest: (info) => requests.push(info) });
      const pages = await collect(client.companies());
      expect(pages.map((p) => p.length)).to.deep.equal([5, 5, 5, 5, 3]);
      expect(pages.flat().map((c) => c.id)).to.deep.equal(Array.from({ length: 23 }, (_, i) => String(i + 1)));
      const companyReads = requests.filter((r) => resourceOf(r) === 'Company');
      expect(companyReads.map((r) => query(r).get('startIndex'))).to.have.members(['1', '6', '11', '16', '21']);
      expect(companyReads.every((r) => r.status === 200)).to.equal(true);
    });

    it('folds each company its address, custom fields and BobSync box', async () => {
      const all = (await collect(clientFor(sim, { pageSize: 4 }).companies())).flat();
      expect(all[0]).to.deep.include({
        id: '1',
        name: 'Company 1',
        type: 'Customer',
        bobSync: true,
        vat: 'BE0400000000',
        custom: { comp_sector: 'Sector 1' },
      });
      expect(all[0]!.address).to.deep.include({ address1: 'Street 1', postcode: '1000', city: 'Brussels', country: 'BE' });
      expect(all[1]!.bobSync).to.equal(false);
      expect(all[6]!.address).to.equal(null);
      expect(all[4]!.bobId).to.equal("O'BRIEN");
    });

    it('lists the custom fields of Company without the ones the tool manages', async () => {
      expect(await clientFor(sim).companyFields()).to.deep.equal([{ name: 'comp_sector', caption: 'Sector', type: 'string' }]);
    });

    it('reads every person in pages', async () => {
      const pages = await collect(clientFor(sim, { pageSize: 3 }).persons());
      expect(pages.map((p) => p.length)).to.deep.equal([3, 1]);
      expect(pages.flat().map((p) => [p.companyId, p.lastName])).to.deep.equal([
        ['1', 'Maes'],
        ['2', 'Peeters'],
        ['2', 'Janssens'],
        ['9', 'Wouters'],
      ]);
    });

    it('gets companies by id, ignoring missing ids', async () => {
      const found = await clientFor(sim).getCompanies(['2', '4', '999']);
      expect(found.map((c) => c.id)).to.deep.equal(['2', '4']);
      expect(found[1]!.address?.address1).to.equal('Street 4');
      expect(found[1]!.custom).to.deep.equal({ comp_sector: 'Sector 4' });
    });

    it('splits long id lists into several where clauses of at most 100 values', async () => {
      const requests: CrmRequestInfo[] = [];
      const ids = Array.from({ length: 250 }, (_, i) => String(i + 1));
      const found = await clientFor(sim, { onRequest: (info) => requests.push(info) }).getCompanies(ids);
      expect(found.map((c) => c.id).sort((a, b) => Number(a) - Number(b))).to.deep.equal(Array.from({ length: 23 }, (_, i) => String(i + 1)));
      const wheres = requests.filter((r) => resourceOf(r) === 'Company').map((r) => query(r).get('where')!);
      expect(wheres).to.have.length(3);
      expect(wheres[0]).to.match(/^comp_companyid in \('1','2',/);
      expect(wheres.map((w) => w.split(',').length)).to.deep.equal([100, 100, 50]);
    });

    it('finds companies by BOB id, quotes included', async () => {
      const found = await clientFor(sim).findCompaniesByBobId(["O'BRIEN", 'dupont', 'NOBODY']);
      expect(found.map((c) => c.bobId).sort()).to.deep.equal(['DUPONT', "O'BRIEN"]);
    });

    it('gets the persons of some companies', async () => {
      const persons = await clientFor(sim).getPersons(['2', '9']);
      expect(persons.map((p) => p.lastName)).to.deep.equal(['Peeters', 'Janssens', 'Wouters']);
      expect(persons[0]).to.deep.include({ companyId: '2', email: 'p@x.example' });
    });

    it('returns nothing and asks nothing for empty id lists', async () => {
      const requests: CrmRequestInfo[] = [];
      const client = clientFor(sim, { onRequest: (info) => requests.push(info) });
      expect(await client.getPersons([])).to.deep.equal([]);
      expect(await client.findCompaniesByBobId([])).to.deep.equal([]);
      expect(requests).to.deep.equal([]);
    });

    it('keeps the number of requests in flight within the concurrency', async () => {
      const realFetch = globalThis.fetch;
      let inFlight = 0;
      let most = 0;
      globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
        most = Math.max(most, ++inFlight);
        try {
          return await realFetch(...args);
        } finally {
          inFlight--;
        }
      };
      try {
        const pages = await collect(clientFor(sim, { pageSize: 2, concurrency: 3 }).companies());
        expect(pages.flat()).to.have.length(23);
      } finally {
        globalThis.fetch = realFetch;
      }
      expect(most).to.be.within(1, 3);
    });

    it('gives a config error when a configured field name is unknown to the CRM', async () => {
      const schema = defaultCrmSchema();
      schema.company.bobId = 'comp_bobcode';
      const error = await failureOf(clientFor(sim, { schema }).findCompaniesByBobId(['DUPONT']));
      expect(error.code).to.equal('config');
      expect(error.status).to.equal(400);
      expect(error.message).to.match(/comp_bobcode/);
    });
  });

  describe('paging against a server that caps the page size', () => {
    it('advances by what the server gave', async () => {
      const sim = await startTempSimulator({ companies: companies(2300, () => ({ address: null })) });
      try {
        const requests: CrmRequestInfo[] = [];
        const pages = await collect(createRestClient({ url: sim.url, user: '', password: '', schema: defaultCrmSchema(), pageSize: 5000, onRequest: (i) => requests.push(i) }).companies());
        expect(pages.map((p) => p.length)).to.deep.equal([1000, 1000, 300]);
        expect(new Set(pages.flat().map((c) => c.id)).size).to.equal(2300);
        const starts = requests.filter((r) => resourceOf(r) === 'Company').map((r) => query(r).get('startIndex'));
        expect(starts).to.have.members(['1', '1001', '2001']);
      } finally {
        await sim.close();
      }
    });
  });

  describe('paging against servers that misreport', () => {
    /** A feed of `items` companies; `pageLength` decides each page's length. */
    function oddServer(items: number, claimedTotal: number, pageLength: (startIndex: number, count: number) => number) {
      return bareServer((request, response) => {
        const url = new URL(request.url!, 'http://x');
        if (!url.pathname.endsWith('/Company')) {
          response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ $resources: [] }));
          return;
        }
        const start = Number(url.searchParams.get('startIndex'));
        const count = Number(url.searchParams.get('count'));
        const length = Math.max(0, Math.min(pageLength(start, count), items - start + 1));
        const resources = Array.from({ length }, (_, i) => ({ comp_companyid: start + i, comp_name: `C${start + i}` }));
        response
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ $totalResults: claimedTotal, $startIndex: start, $itemsPerPage: count, $resources: resources }));
      });
    }

    it('reads the gap a short page leaves', async () => {
      const server = await oddServer(20, 20, (start, count) => (start === 6 ? 2 : count));
      try {
        const all = (await collect(clientFor(server, { pageSize: 5 }).companies())).flat();
        expect(all.map((c) => c.id)).to.deep.equal(Array.from({ length: 20 }, (_, i) => String(i + 1)));
      } finally {
        await server.close();
      }
    });

    it('stops on an empty page when the total promised more', async () => {
      const server = await oddServer(10, 100, (_start, count) => count);
      try {
        const all = (await collect(clientFor(server, { pageSize: 5 }).companies())).flat();
        expect(all.map((c) => c.id)).to.deep.equal(Array.from({ length: 10 }, (_, i) => String(i + 1)));
      } finally {
        await server.close();
      }
    });
  });

  describe('writing', () => {
    let sim: TempSimulator;
    beforeEach(async () => {
      sim = await startTempSimulator({ fields: [{ name: 'comp_sector', caption: 'Sector', type: 'string' }] }, { user: USER, password: PASSWORD });
    });
    afterEach(() => sim.close());

    it('creates a company and reads it back', async () => {
      const client = clientFor(sim);
      const id = await client.createCompany({
        name: 'Brasserie Dupont',
        type: 'Customer',
        bobSync: true,
        vat: 'BE0403019261',
        bobId: 'DUPONT',
        custom: { comp_sector: 'Horeca' },
      });
      expect(id).to.match(/^\d+$/);
      const [company] = await client.getCompanies([id]);
      expect(company).to.deep.include({ id, name: 'Brasserie Dupont', type: 'Customer', bobSync: true, vat: 'BE0403019261', bobId: 'DUPONT', website: '' });
      expect(company!.custom).to.deep.equal({ comp_sector: 'Horeca' });
      expect((await client.findCompaniesByBobId(['DUPONT'])).map((c) => c.id)).to.deep.equal([id]);
    });

    for (const updateMethod of ['PATCH', 'PUT'] as const) {
      it(`updates only the given fields with ${updateMethod}`, async () => {
        const requests: CrmRequestInfo[] = [];
        const client = clientFor(sim, { updateMethod, onRequest: (info) => requests.push(info) });
        const id = await client.createCompany({ name: 'Dupont', website: 'https://old.example', bobSync: true });
        await client.updateCompany(id, { website: 'https://new.example', bobSync: false });
        const [company] = await client.getCompanies([id]);
        expect(company).to.deep.include({ name: 'Dupont', website: 'https://new.example', bobSync: false });
        const update = requests.find((r) => r.method === updateMethod)!;
        expect(resourceOf(update)).to.equal(`Company('${id}')`);
      });
    }

    it('skips an update with nothing to write', async () => {
      const requests: CrmRequestInfo[] = [];
      await clientFor(sim, { onRequest: (info) => requests.push(info) }).updateCompany('1', {});
      expect(requests).to.deep.equal([]);
    });

    it('creates and updates an address folded into its company', async () => {
      const client = clientFor(sim);
      const companyId = await client.createCompany({ name: 'Dupont' });
      const addressId = await client.createAddress(companyId, { address1: 'Rue Haute 1', postcode: '1000', city: 'Bruxelles', country: 'BE' });
      await client.updateAddress(addressId, { postcode: '1050' });
      const [company] = await client.getCompanies([companyId]);
      expect(company!.address).to.deep.equal({ id: addressId, address1: 'Rue Haute 1', address2: '', postcode: '1050', city: 'Bruxelles', country: 'BE' });
    });

    it('creates a person of a company', async () => {
      const client = clientFor(sim);
      const companyId = await client.createCompany({ name: 'Dupont' });
      const personId = await client.createPerson(companyId, { firstName: 'Anne', lastName: 'Peeters', email: 'anne@dupont.example' });
      expect(await client.getPersons([companyId])).to.deep.equal([
        { id: personId, companyId, firstName: 'Anne', lastName: 'Peeters', title: '', email: 'anne@dupont.example', phone: '' },
      ]);
    });

    it('says which entry is missing on an update', async () => {
      const error = await failureOf(clientFor(sim).updateCompany('999', { name: 'Ghost' }));
      expect(error.code).to.equal('unavailable');
      expect(error.status).to.equal(404);
      expect(error.message).to.include("Company('999')");
    });
  });

  describe('failures', () => {
    let sim: TempSimulator | undefined;
    afterEach(async () => {
      await sim?.close();
      sim = undefined;
    });

    it('reports refused credentials as unavailable, naming the user but never the password', async () => {
      sim = await startTempSimulator({ companies: companies(3) }, { user: USER, password: PASSWORD });
      const requests: CrmRequestInfo[] = [];
      const client = createRestClient({
        url: sim.url,
        user: USER,
        password: 'wrong-password',
        schema: defaultCrmSchema(),
        userEnv: 'CRM_USER',
        passwordEnv: 'CRM_PASSWORD',
        onRequest: (info) => requests.push(info),
      });
      const error = await failureOf(collect(client.companies()));
      expect(error.code).to.equal('unavailable');
      expect(error.message).to.include(`user "${USER}"`).and.include(sim.url);
      expect(error.hint).to.equal('check the CRM_USER / CRM_PASSWORD environment variables');
      const everything = JSON.stringify({ message: error.message, hint: error.hint, requests });
      expect(everything).not.to.include('wrong-password');
      expect(everything).not.to.include(Buffer.from(`${USER}:wrong-password`).toString('base64'));
      expect(requests).to.have.length(1); // a 401 is never retried
    });

    it('reports an unreachable port as unavailable, naming the URL', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/sdata/crmj/sagecrm2/-/`;
      const requests: CrmRequestInfo[] = [];
      const client = createRestClient({ url, user: USER, password: PASSWORD, schema: defaultCrmSchema(), retries: 2, retry: FAST_RETRY, onRequest: (i) => requests.push(i) });
      const error = await failureOf(client.companyFields());
      expect(error.code).to.equal('unavailable');
      expect(error.message).to.include(url).and.include('connection refused');
      expect(requests).to.have.length(3);
    });

    it('reports a URL that answers a web page instead of JSON as unavailable', async () => {
      const server = await bareServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Welcome to IIS</body></html>');
      });
      try {
        const error = await failureOf(clientFor(server).companyFields());
        expect(error.code).to.equal('unavailable');
        expect(error.message).to.include('answered GET $prototypes/Company with something that is not JSON');
      } finally {
        await server.close();
      }
    });

    it('reads the message of an error page that is not SData, masking echoed secrets', async () => {
      const server = await bareServer((request, response) => {
        // A careless proxy echoing what it was sent.
        const echo = `${request.headers.authorization} ${PASSWORD}`;
        response.writeHead(403, { 'Content-Type': 'text/html' }).end(`<html><h1>Forbidden by proxy</h1><p>${echo}</p></html>`);
      });
      try {
        const error = await failureOf(clientFor(server).companyFields());
        expect(error.code).to.equal('unavailable');
        expect(error.message).to.include('refused the credentials').and.include('Forbidden by proxy').and.include('Basic *** ***');
        expect(error.message).not.to.include(PASSWORD);
        expect(error.message).not.to.include(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
      } finally {
        await server.close();
      }
    });

    it('reports a server that does not answer in time as unavailable', async () => {
      sim = await startTempSimulator({}, { latencyMs: 400 });
      const client = clientFor(sim, { timeoutMs: 40, retries: 1 });
      const error = await failureOf(client.companyFields());
      expect(error.code).to.equal('unavailable');
      expect(error.message).to.match(/no answer within 40 ms/);
    });

    it('completes a full read through random server errors by retrying', async () => {
      sim = await startTempSimulator({ companies: companies(40) }, { errorRate: 0.3, random: seededRandom(42) });
      const all = (await collect(clientFor(sim, { pageSize: 4, retries: 6 }).companies())).flat();
      expect(all.map((c) => c.id)).to.deep.equal(Array.from({ length: 40 }, (_, i) => String(i + 1)));
      expect(all.every((c) => c.address !== null)).to.equal(true);
      expect(sim.stats().failures).to.be.greaterThan(0);
    });

    it('gives a transient error when the server keeps failing after all retries', async () => {
      sim = await startTempSimulator({ companies: companies(10) }, { failAfter: 2 });
      const requests: CrmRequestInfo[] = [];
      const client = clientFor(sim, { pageSize: 5, retries: 3, onRequest: (i) => requests.push(i) });
      const error = await failureOf(collect(client.companies()));
      expect(error.code).to.equal('transient');
      expect(error.retryable).to.equal(true);
      expect(error.status).to.equal(503);
      expect(error.message).to.match(/after 4 attempts/);
      expect(requests.filter((r) => r.status === 503)).to.have.length(4);
    });

    it("honours the server's Retry-After on 429", async () => {
      sim = await startTempSimulator({ companies: companies(9) }, { rateLimitEvery: 3 });
      const waits: number[] = [];
      const client = clientFor(sim, { pageSize: 2, retry: { sleep: async (ms) => void waits.push(ms) } });
      const all = (await collect(client.companies())).flat();
      expect(all).to.have.length(9);
      expect(waits.length).to.be.greaterThan(0);
      expect(waits.every((ms) => ms === 1000)).to.equal(true);
    });

    it('retries a create answered 429, creating it once', async () => {
      sim = await startTempSimulator({}, { rateLimitEvery: 2 });
      const client = clientFor(sim);
      const ids = [];
      for (const name of ['A', 'B', 'C']) ids.push(await client.createCompany({ name, bobId: name }));
      expect(new Set(ids).size).to.equal(3);
      const found = await client.findCompaniesByBobId(['A', 'B', 'C']);
      expect(found.map((c) => c.name).sort()).to.deep.equal(['A', 'B', 'C']);
    });

    it('does not repeat a create whose answer was lost', async () => {
      sim = await startTempSimulator({}, { latencyMs: 300 });
      const requests: CrmRequestInfo[] = [];
      const client = clientFor(sim, { timeoutMs: 30, onRequest: (i) => requests.push(i) });
      const error = await failureOf(client.createCompany({ name: 'Maybe', bobId: 'MAYBE' }));
      expect(error.code).to.equal('transient');
      expect(error.retryable).to.equal(false);
      expect(error.message).to.match(/may have been created/);
      expect(requests.filter((r) => r.method === 'POST')).to.have.length(1);
    });

    it('does not repeat a create answered 500', async () => {
      sim = await startTempSimulator({}, { errorRate: 1 });
      const requests: CrmRequestInfo[] = [];
      const error = await failureOf(clientFor(sim, { onRequest: (i) => requests.push(i) }).createCompany({ name: 'X' }));
      expect(error.code).to.equal('transient');
      expect(error.retryable).to.equal(false);
      expect(error.status).to.equal(500);
      expect(requests).to.have.length(1);
    });

    it('retries a create when the connection was refused, then reports the CRM unavailable', async () => {
      const url = `http://127.0.0.1:${await freePort()}/sdata/crmj/sagecrm2/-/`;
      const requests: CrmRequestInfo[] = [];
      const client = createRestClient({ url, user: USER, password: PASSWORD, schema: defaultCrmSchema(), retries: 2, retry: FAST_RETRY, onRequest: (i) => requests.push(i) });
      const error = await failureOf(client.createCompany({ name: 'X' }));
      expect(error.code).to.equal('unavailable');
      expect(requests).to.have.length(3);
    });
  });

  describe('options', () => {
    const base = { user: 'u', password: 'p', schema: defaultCrmSchema() };

    it('refuses a URL that is not http(s)', () => {
      expect(() => createRestClient({ ...base, url: 'ftp://crm/sdata/crmj/sagecrm2/-/' })).to.throw(/http\(s\) URL/);
      expect(() => createRestClient({ ...base, url: 'not a url' })).to.throw(/http\(s\) URL/);
    });

    it('describes the base URL without credentials and with a final slash', () => {
      const client = createRestClient({ ...base, url: 'https://joe:secret@crm.example/sdata/crmj/sagecrm2/-' });
      expect(client.description).to.equal('https://crm.example/sdata/crmj/sagecrm2/-/');
    });

    it('refuses field names that are not plain identifiers', () => {
      const schema = defaultCrmSchema();
      schema.company.vat = "comp_vat' or 1=1";
      let error: unknown;
      try {
        createRestClient({ ...base, schema, url: 'http://crm/sdata/crmj/sagecrm2/-/' });
      } catch (e) {
        error = e;
      }
      expect(isBobsyncError(error, 'config')).to.equal(true);
    });

    it('refuses a concurrency below 1', () => {
      expect(() => createRestClient({ ...base, url: 'http://crm/sdata/crmj/sagecrm2/-/', concurrency: 0 })).to.throw(/concurrency/);
    });
  });
});

describe('customFieldsOf', () => {
  it('keeps custom fields only, in lower case, minus the managed and standard ones', () => {
    const prototype = {
      $name: 'Company',
      $resources: [
        { name: 'comp_name', caption: 'Name', type: 'string', custom: false },
        { name: 'comp_bobsync', caption: 'BobSync', type: 'checkbox', custom: true },
        { name: 'comp_VatNumber', caption: 'VAT', type: 'string', custom: 'Y' },
        { name: 'Comp_Sector', caption: 'Sector', type: 'string', custom: true },
        { $name: 'comp_region', custom: 'true' },
        { name: 'comp_segment', caption: 'Segment', type: 'string' },
      ],
    };
    expect(customFieldsOf(prototype, defaultCrmSchema())).to.deep.equal([
      { name: 'comp_sector', caption: 'Sector', type: 'string' },
      { name: 'comp_region', caption: 'comp_region', type: 'string' },
    ]);
  });

  it('reads an unexpected answer as no fields', () => {
    expect(customFieldsOf('nonsense', defaultCrmSchema())).to.deep.equal([]);
  });
});

/** A bare HTTP server on loopback standing for an odd or misconfigured CRM. */
async function bareServer(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sdata/crmj/sagecrm2/-/`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
