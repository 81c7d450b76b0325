/**
 * `import` (dry run: read, check against the registered proposal, validate, read again the records
 * the rows rely on, plan) of an unedited proposal as a whole process, for the .xlsx and the CSV
 * folder of the same analysis, next to two baselines measured in the same run on the same files:
 * exceljs' streaming reader alone on the .xlsx, and papaparse alone on the CSV files. The four
 * processes run in turn, `repeat` rounds, and each figure is the median of its rounds: a load
 * that comes and goes on a shared machine then weighs on all four alike.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fmt, measureNode, medianOf, startSimProcess, type Measurement, type Timed } from './measure.js';

/** The simulator's credentials, in the variables `restConfig` names. */
export const CRM_ENV = { BENCH_CRM_USER: 'bench', BENCH_CRM_PASSWORD: 'bench' };

export interface ImportBenchRow {
  customers: number;
  /** Rows of the two direction sheets, as analyse counted them. */
  bobRows: number;
  crmRows: number;
  xlsxMb: number;
  csvMb: number;
  rounds: number;
  /** `rows`: the rows the dry run reports on (every row the plan covers, planned or skipped). */
  importXlsx: Timed & { rows: number };
  importCsv: Timed & { rows: number };
  /** `rows`: what the baseline read (every row of every sheet, headers and Summary included). */
  exceljs: Timed & { rows: number };
  papaparse: Timed & { rows: number };
}

/** Runs the benchmark for each size (customers per side); the environments live under `root`. */
export async function importBench(root: string, cli: string, sizes: number[], repeat: number, keep: boolean): Promise<ImportBenchRow[]> {
  const baseline = path.join(path.dirname(new URL(import.meta.url).pathname), 'baseline-read.js');
  const node = [cli];
  const results: ImportBenchRow[] = [];
  for (const customers of sizes) {
    const dir = path.join(root, `import-${customers}`);
    process.stderr.write(`[bench] generating ${customers} customers per side…\n`);
    const { sim, config } = await demoWithSimulator(dir, node, cli, customers);
    try {
      const xlsx = path.join(dir, 'proposal.xlsx');
      const csv = path.join(dir, 'proposal-csv');
      process.stderr.write(`[bench] analyse ${customers} (xlsx, then csv)…\n`);
      const analysed = await analyse(node, config, ['--out', xlsx]);
      await analyse(node, config, ['--format', 'csv', '--out', csv]);
      const csvFiles = readdirSync(csv)
        .filter((name) => name.endsWith('.csv'))
        .map((name) => path.join(csv, name));

      const runs = { importXlsx: [] as Timed[], importCsv: [] as Timed[], exceljs: [] as Timed[], papaparse: [] as Timed[] };
      const rows = { importXlsx: 0, importCsv: 0, exceljs: 0, papaparse: 0 };
      for (let round = 1; round <= repeat; round++) {
        process.stderr.write(`[bench] ${customers}, round ${round}/${repeat}: import .xlsx, import CSV, exceljs reader, papaparse…\n`);
        const importXlsx = await measureNode([...node, 'import', xlsx, '--config', config, '--json'], CRM_ENV);
        rows.importXlsx = checkDryRun(importXlsx, 'xlsx');
        const importCsv = await measureNode([...node, 'import', csv, '--config', config, '--json'], CRM_ENV);
        rows.importCsv = checkDryRun(importCsv, 'CSV');
        const exceljs = await measureNode([baseline, 'exceljs', xlsx]);
        rows.exceljs = baselineRows(exceljs, 'exceljs');
        const papaparse = await measureNode([baseline, 'papaparse', ...csvFiles]);
        rows.papaparse = baselineRows(papaparse, 'papaparse');
        runs.importXlsx.push(importXlsx);
        runs.importCsv.push(importCsv);
        runs.exceljs.push(exceljs);
        runs.papaparse.push(papaparse);
      }
      results.push({
        customers,
        bobRows: analysed.counts.bobToCrm?.rows ?? 0,
        crmRows: analysed.counts.crmToBob?.rows ?? 0,
        xlsxMb: statSync(xlsx).size / 1024 / 1024,
        csvMb: csvFiles.reduce((sum, file) => sum + statSync(file).size, 0) / 1024 / 1024,
        rounds: repeat,
        importXlsx: { ...medianOf(runs.importXlsx), rows: rows.importXlsx },
        importCsv: { ...medianOf(runs.importCsv), rows: rows.importCsv },
        exceljs: { ...medianOf(runs.exceljs), rows: rows.exceljs },
        papaparse: { ...medianOf(runs.papaparse), rows: rows.papaparse },
      });
    } finally {
      await sim.stop();
    }
    if (existsSync(dir) && !keep) rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/**
 * A fresh demo environment of `customers` per side in `dir`, the simulator serving its CRM
 * database as a process of its own, and `bench.config.json` reaching it over REST.
 */
export async function demoWithSimulator(
  dir: string,
  node: string[],
  cli: string,
  customers: number,
): Promise<{ sim: Awaited<ReturnType<typeof startSimProcess>>; config: string }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const demo = await measureNode([...node, 'demo', '--dir', dir, '--customers', String(customers), '--seed', '1', '--force']);
  if (demo.code !== 0) throw new Error(`demo failed for ${customers}`);
  const sim = await startSimProcess(cli, path.join(dir, 'crm.sqlite'));
  const config = path.join(dir, 'bench.config.json');
  writeFileSync(config, JSON.stringify(restConfig(sim.url), null, 2));
  return { sim, config };
}

/** A configuration reaching the simulator process over REST (as a real CRM would be reached). */
export function restConfig(url: string, concurrency = 4): Record<string, unknown> {
  return {
    bob: { driver: 'sqlite', file: 'bob.sqlite' },
    crm: { driver: 'rest', url, userEnv: 'BENCH_CRM_USER', passwordEnv: 'BENCH_CRM_PASSWORD', concurrency, pageSize: 1000 },
    personalFields: [
      { column: 'XSECTOR', label: 'Sector' },
      { column: 'XACCMGR', label: 'Account manager' },
      { column: 'XREGION', label: 'Region' },
    ],
    lang: 'en',
  };
}

/** Runs `analyse --lang en` (not measured) with `node` (flags and CLI) and returns its JSON report. */
export async function analyse(node: string[], config: string, args: string[]): Promise<{ counts: Record<string, Record<string, number>> }> {
  const run = await measureNode([...node, 'analyse', '--config', config, '--lang', 'en', '--force', '--json', ...args], CRM_ENV);
  if (run.code !== 0) throw new Error(`analyse ${args.join(' ')} failed (exit ${run.code})`);
  return JSON.parse(run.stdout) as { counts: Record<string, Record<string, number>> };
}

/** An unedited proposal must import cleanly, or the figures would measure an error path. */
function checkDryRun(run: Measurement, what: string): number {
  if (run.code !== 0) throw new Error(`import of the ${what} proposal exited ${run.code}`);
  return checkReport(JSON.parse(run.stdout) as DryRunReport, `import of the ${what} proposal`).rows.length;
}

export interface DryRunReport {
  findings: unknown[];
  rows: unknown[];
  plan: { operations: Record<string, number>; skipped: Record<string, number> };
}

/**
 * Nothing changes the sources between analyse and import, so a finding or a stale row means the
 * run measured something else: typically the tool was rebuilt in between (fingerprints changed).
 */
export function checkReport<T extends DryRunReport>(report: T, what: string): T {
  if (report.findings.length > 0) throw new Error(`${what} reported ${report.findings.length} finding(s)`);
  const stale = report.plan.skipped.stale ?? 0;
  if (stale > 0) throw new Error(`${what} found ${stale} stale row(s): was the tool rebuilt during the run?`);
  return report;
}

function baselineRows(run: Measurement, what: string): number {
  if (run.code !== 0) throw new Error(`the ${what} baseline exited ${run.code}`);
  return (JSON.parse(run.stdout) as { rows: number }).rows;
}

const FLOOR_SECONDS = 15;
const FLOOR_MB = 700;

/** The Markdown table: one line per process, ratios on the import lines. */
export function renderImportBench(rows: ImportBenchRow[]): string {
  const lines = [
    `| customers per side | direction rows | process (median of rounds) | input | rows | time | peak | time ÷ exceljs reader | time ÷ papaparse | peak ÷ exceljs reader | peak ÷ papaparse |`,
    '|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const head = `| ${r.customers} | ${r.bobRows} + ${r.crmRows}`;
    const ratios = (t: Timed) =>
      `${fmt(t.seconds / r.exceljs.seconds, 2)} | ${fmt(t.seconds / r.papaparse.seconds, 2)} | ${fmt(t.peakMb / r.exceljs.peakMb, 2)} | ${fmt(t.peakMb / r.papaparse.peakMb, 2)}`;
    const floor = (t: Timed) => (t.seconds < FLOOR_SECONDS && t.peakMb < FLOOR_MB ? '' : ' ⚠ over the floor');
    lines.push(
      `${head} | import .xlsx, dry run (${r.rounds})${floor(r.importXlsx)} | ${fmt(r.xlsxMb)} MB | ${r.importXlsx.rows} in the plan | ${fmt(r.importXlsx.seconds)} s | ${fmt(r.importXlsx.peakMb, 0)} MB | ${ratios(r.importXlsx)} |`,
      `${head} | import CSV folder, dry run (${r.rounds})${floor(r.importCsv)} | ${fmt(r.csvMb)} MB | ${r.importCsv.rows} in the plan | ${fmt(r.importCsv.seconds)} s | ${fmt(r.importCsv.peakMb, 0)} MB | ${ratios(r.importCsv)} |`,
      `${head} | exceljs streaming reader alone (${r.rounds}) | ${fmt(r.xlsxMb)} MB | ${r.exceljs.rows} read | ${fmt(r.exceljs.seconds)} s | ${fmt(r.exceljs.peakMb, 0)} MB | 1 | | 1 | |`,
      `${head} | papaparse alone, CSV files (${r.rounds}) | ${fmt(r.csvMb)} MB | ${r.papaparse.rows} read | ${fmt(r.papaparse.seconds)} s | ${fmt(r.papaparse.peakMb, 0)} MB | | 1 | | 1 |`,
    );
  }
  return lines.join('\n');
}
