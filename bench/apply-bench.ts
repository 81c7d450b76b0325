/**
 * `import --apply` against the CRM simulator (its own process) answering every request after a
 * fixed latency, at several concurrencies. One environment is prepared (demo, analyse, the
 * confirmation cell set to Yes) and copied afresh for every run, so every concurrency applies
 * the very same proposal. Each run first imports as a dry run (writing a result workbook too), so
 * that the fixed cost (module loading, reading the workbook, validation, the fresh reads) can be
 * taken off: apply phase = apply − dry run, in time and in HTTP requests. With L ms per request
 * and C requests in flight no client can do better than C / L requests per second: the bound.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { META_SHEET, YES } from '../templates/columns.js';
import { analyse, checkReport, CRM_ENV, demoWithSimulator, restConfig, type DryRunReport } from './import-bench.js';
import { fmt, measureNode, median, medianOf, type Measurement, type Timed } from './measure.js';

const COUNTING_SIM = fileURLToPath(new URL('./counting-sim.js', import.meta.url));
/** Create in CRM + Update CRM rows per demo customer (about 0.57 with the demo generator, seed 1). */
const CREATE_UPDATE_PER_CUSTOMER = 0.57;

export interface ApplyBenchOptions {
  /** About this many Create in CRM + Update CRM rows in the proposal. */
  rows: number;
  latencyMs: number;
  concurrencies: number[];
  repeat: number;
  keep: boolean;
}

export interface ApplyBenchRow {
  concurrency: number;
  latencyMs: number;
  customers: number;
  rounds: number;
  /** Create in CRM + Update CRM rows of the proposal. */
  createUpdateRows: number;
  /** Operations applied, all kinds (CRM, BOB inserts, mapping and settings writes). */
  operations: number;
  /** Operations applied whose kind starts with `crm-` (each one to a few HTTP requests). */
  crmOperations: number;
  /** HTTP requests the simulator answered during the apply process, less those of the dry run (median). */
  phaseRequests: number;
  /** Medians of the rounds; `phaseSeconds` is the median of each round's apply − dry run. */
  dry: Timed;
  apply: Timed;
  phaseSeconds: number;
}

interface ApplyRun {
  dry: Measurement;
  apply: Measurement;
  dryRequests: number;
  applyRequests: number;
  counts: ApplyCounts;
}

interface ApplyCounts {
  applied: number;
  failed: number;
  notRun: number;
  byKind: Record<string, number>;
}

/** Runs the benchmark `repeat` rounds, each over every concurrency; the environments live under `root`. */
export async function applyBench(root: string, cli: string, options: ApplyBenchOptions): Promise<ApplyBenchRow[]> {
  const node = [cli];
  const customers = Math.max(10, Math.ceil(options.rows / CREATE_UPDATE_PER_CUSTOMER));
  const template = path.join(root, 'apply-template');
  process.stderr.write(`[bench] demo with ${customers} customers per side, analyse, confirm…\n`);
  const createUpdateRows = await prepareTemplate(template, node, cli, customers);

  const runs = new Map<number, ApplyRun[]>(options.concurrencies.map((c) => [c, []]));
  for (let round = 1; round <= options.repeat; round++) {
    for (const concurrency of options.concurrencies) {
      process.stderr.write(`[bench] round ${round}/${options.repeat}, concurrency ${concurrency}: dry run, then apply…\n`);
      const dir = path.join(root, `apply-c${concurrency}`);
      rmSync(dir, { recursive: true, force: true });
      cpSync(template, dir, { recursive: true });
      runs.get(concurrency)!.push(await applyOnce(dir, node, concurrency, options.latencyMs));
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    }
  }
  if (existsSync(template) && !options.keep) rmSync(template, { recursive: true, force: true });

  return options.concurrencies.map((concurrency) => {
    const list = runs.get(concurrency)!;
    const { counts } = list[0];
    return {
      concurrency,
      latencyMs: options.latencyMs,
      customers,
      rounds: list.length,
      createUpdateRows,
      operations: counts.applied,
      crmOperations: Object.entries(counts.byKind)
        .filter(([kind]) => kind.startsWith('crm-'))
        .reduce((sum, [, n]) => sum + n, 0),
      phaseRequests: median(list.map((run) => run.applyRequests - run.dryRequests)),
      dry: medianOf(list.map((run) => run.dry)),
      apply: medianOf(list.map((run) => run.apply)),
      phaseSeconds: median(list.map((run) => run.apply.seconds - run.dry.seconds)),
    };
  });
}

/** demo, analyse (simulator without latency), Yes in the confirmation cell; returns the create + update rows. */
async function prepareTemplate(dir: string, node: string[], cli: string, customers: number): Promise<number> {
  const { sim, config } = await demoWithSimulator(dir, node, cli, customers);
  try {
    const xlsx = path.join(dir, 'proposal.xlsx');
    const analysed = await analyse(node, config, ['--out', xlsx]);
    await confirmWorkbook(xlsx);
    return (analysed.counts.bobToCrm?.['create-crm'] ?? 0) + (analysed.counts.bobToCrm?.['update-crm'] ?? 0);
  } finally {
    // Stopped before the directory is copied: the copy then holds no half-written database.
    await sim.stop();
  }
}

/** One dry run then one apply in a fresh copy, with a counting simulator at `latencyMs`. */
async function applyOnce(dir: string, node: string[], concurrency: number, latencyMs: number): Promise<ApplyRun> {
  const sim = await startCountingSim(path.join(dir, 'crm.sqlite'), latencyMs);
  try {
    const config = path.join(dir, 'bench.config.json');
    writeFileSync(config, JSON.stringify(restConfig(sim.url, concurrency), null, 2));
    const xlsx = path.join(dir, 'proposal.xlsx');
    const before = await sim.stats();
    const dry = await measureNode([...node, 'import', xlsx, '--config', config, '--json', '--result', path.join(dir, 'dry-run.result.xlsx')], CRM_ENV);
    checkExit(dry, 'the dry run');
    checkReport(JSON.parse(dry.stdout) as DryRunReport, 'the dry run');
    const afterDry = await sim.stats();
    const apply = await measureNode([...node, 'import', xlsx, '--config', config, '--json', '--apply'], CRM_ENV);
    checkExit(apply, 'the apply');
    const afterApply = await sim.stats();
    const report = JSON.parse(apply.stdout) as { run: { counts: ApplyCounts } | null };
    if (report.run === null) throw new Error('the apply did not run (is the confirmation cell set?)');
    const { counts } = report.run;
    if (counts.failed > 0 || counts.notRun > 0) throw new Error(`the apply failed ${counts.failed} and left ${counts.notRun} operation(s) unrun`);
    return { dry, apply, dryRequests: afterDry.requests - before.requests, applyRequests: afterApply.requests - afterDry.requests, counts };
  } finally {
    await sim.stop();
  }
}

function checkExit(run: Measurement, what: string): void {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}: ${run.stdout.slice(0, 2000)}`);
}

/** What the reviewer does last: Yes in the confirmation cell that `_meta` names (exceljs, in memory: the file is small). */
export async function confirmWorkbook(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const meta = workbook.getWorksheet(META_SHEET);
  if (meta === undefined) throw new Error(`${file} has no ${META_SHEET} sheet`);
  const entries = new Map<string, string>();
  meta.eachRow((row) => {
    entries.set(String(row.getCell(1).value ?? ''), String(row.getCell(2).value ?? ''));
  });
  const confirmCell = entries.get('confirmCell');
  const summary = workbook.getWorksheet(entries.get('sheet.summary') ?? 'Summary');
  if (confirmCell === undefined || summary === undefined) throw new Error(`${file}: no confirmation cell in ${META_SHEET}`);
  summary.getCell(confirmCell).value = YES.en;
  await workbook.xlsx.writeFile(file);
}

/** The counting simulator process: its URL, and its request count on demand. */
async function startCountingSim(db: string, latencyMs: number): Promise<{ url: string; stats(): Promise<{ requests: number }>; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [COUNTING_SIM, db, String(latencyMs), 'bench', 'bench'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
    });
  const url = (await nextLine()).trim();
  return {
    url,
    stats: async () => {
      const answer = nextLine();
      child.stdin.write('stats\n');
      return JSON.parse(await answer) as { requests: number };
    },
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

/** The Markdown table: whole processes, then the apply phase alone against the bound. */
export function renderApplyBench(rows: ApplyBenchRow[]): string {
  const lines = [
    '| concurrency | latency | create + update rows | operations (CRM) | HTTP requests, apply phase | dry run | apply | apply − dry run | operations/s (CRM) | requests/s | bound C/L | fraction of bound | apply peak |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const phase = r.phaseSeconds;
    const bound = (r.concurrency * 1000) / r.latencyMs;
    lines.push(
      `| ${r.concurrency} | ${r.latencyMs} ms | ${r.createUpdateRows} | ${r.operations} (${r.crmOperations}) | ${r.phaseRequests} | ${fmt(r.dry.seconds)} s | ${fmt(r.apply.seconds)} s | ${fmt(phase)} s | ${fmt(r.operations / phase)} (${fmt(r.crmOperations / phase)}) | ${fmt(r.phaseRequests / phase)} | ${fmt(bound, 0)} | ${fmt(r.phaseRequests / phase / bound, 2)} | ${fmt(r.apply.peakMb, 0)} MB |`,
    );
  }
  return lines.join('\n');
}
