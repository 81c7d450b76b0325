/**
 * Round trips per customer created in BOB by `import --apply` on SQL Server, counted on the mssql
 * stand-in (`log: true` records every request the real MssqlExecutor sends): requests, requests in
 * transactions, and distinct statement shapes (text + parameter declarations: what SQL Server would
 * compile and cache). Counts, not times; two sizes in the same run show what grows per customer.
 * `node dist/bench/mssql-round-trips.js [sizes, default 50,200]`. Not run by CI.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { bobAndStateOn, type OpenedCrm } from '../src/app/open-sources.js';
import { runAnalyse } from '../src/app/run-analyse.js';
import { runImport } from '../src/app/run-import.js';
import { processHost } from '../src/cli/io.js';
import { resolveConfig } from '../src/config/load-config.js';
import type { BobMssqlConfig } from '../src/config/types.js';
import { seedSimDatabase } from '../src/crm-sim/seed.js';
import { startSimulator } from '../src/crm-sim/server.js';
import { openMssqlExecutor } from '../src/sources/bob/mssql-executor.js';
import { createRestClient } from '../src/sources/crm/rest-client.js';
import { SUMMARY_LABELS, YES } from '../templates/columns.js';
import { aCrmCompany, aCrmPerson, belgianVat } from '../test/engine/builders.js';
import { createStandin } from '../test/helpers/mssql-standin/index.js';
import { createBobTables } from '../test/sources/bob/bob-cases.js';

async function measure(created: number): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-rt-'));
  const standin = createStandin({ database: 'BOBTEST', log: true });
  try {
    const config = resolveConfig(
      { bob: { driver: 'mssql', server: 'sql', database: 'BOBTEST', user: 'u', passwordEnv: 'P' }, crm: { driver: 'sim', file: 'crm.sqlite' }, lang: 'en' },
      path.join(dir, 'bobsync.config.json'),
    );
    const open = () => openMssqlExecutor(config.bob as BobMssqlConfig, 'x', { driver: standin.mssql });
    const db = await open();
    await createBobTables(db, config.bobSchema, []);
    await db.close();
    const companies = Array.from({ length: created }, (_, i) => aCrmCompany({
      id: String(1000 + i), name: `Klant ${i} Handelsonderneming en Zonen`, type: 'Customer', bobSync: true, vat: belgianVat(4000000 + i * 7),
      address: { id: '', address1: `Kerkstraat ${i}`, postcode: '9000', city: 'Gent', country: 'België' },
    }));
    const persons = companies.map((c, i) => aCrmPerson({ id: String(i + 1), companyId: c.id, firstName: 'An', lastName: `Peeters ${i}` }));
    seedSimDatabase(path.join(dir, 'crm.sqlite'), { companies, persons, fields: [] });
    const openCrm = async (): Promise<OpenedCrm> => {
      const sim = await startSimulator({ file: path.join(dir, 'crm.sqlite'), port: 0, user: 'u', password: 'p' });
      const crm = createRestClient({ url: sim.url, user: 'u', password: 'p', schema: config.crmSchema, concurrency: 4 });
      return { crm, close: async () => { await crm.close(); await sim.close(); } };
    };
    const deps = {
      config, env: {}, cwd: dir, now: () => new Date(), user: 'bench', host: processHost(), concurrency: 4, openCrm,
      openBob: async (cfg: typeof config, _env: NodeJS.ProcessEnv, now: () => Date) => bobAndStateOn(await open(), cfg, now),
    };
    const analysedFrom = standin.requests.length;
    const report = await runAnalyse({ format: 'xlsx', force: true, out: path.join(dir, 'p.xlsx') }, deps);
    const analyseRequests = standin.requests.length - analysedFrom;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(report.output);
    book.worksheets[0]!.eachRow((row) => {
      if (row.getCell(1).value === SUMMARY_LABELS.confirm.en) row.getCell(2).value = YES.en;
    });
    await book.xlsx.writeFile(report.output);
    const from = standin.requests.length;
    const result = await runImport({ path: report.output, apply: true, json: false }, deps);
    if (result.exitCode !== 0) throw new Error(`the apply ended with ${result.exitCode}: ${result.message}`);
    const apply = standin.requests.slice(from);
    const shapes = new Set(apply.map((r) => `${r.sql}\u0000${r.parameters.map((p) => p.declaration).join(',')}`));
    return {
      created,
      analyseRequests,
      applyRequests: apply.length,
      inTransactions: apply.filter((r) => r.transaction).length,
      distinctShapes: shapes.size,
      perCustomer: Math.round((apply.length / created) * 10) / 10,
    };
  } finally {
    standin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = (process.argv[2] ?? '50,200').split(',').map(Number);
const rows = [];
for (const size of sizes) rows.push(await measure(size));
console.table(rows);
if (rows.length >= 2) {
  const [a, b] = [rows[0]!, rows.at(-1)!];
  console.log(`requests per extra customer (${a.created} → ${b.created}): ${((b.applyRequests! - a.applyRequests!) / (b.created! - a.created!)).toFixed(1)}`);
}
