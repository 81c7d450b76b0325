/**
 * `analyse` + xlsx export as a whole process on N customers per side (BOB in SQLite, the CRM in
 * the simulator running as its own process), next to two baselines measured in the same run on
 * the same rows: the bare exceljs streaming writer and papaparse writing one CSV. With several
 * rounds the three processes run in turn in each round, and the table shows medians: the ratios are
 * the medians of each round's own ratio, so a round on a slow moment of the machine compares with
 * baselines measured in that same moment.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CRM_ENV, demoWithSimulator } from './import-bench.js';
import { fmt, measureNode, median, medianOf, type Timed } from './measure.js';

export interface AnalyseBenchRow {
  customers: number;
  bobRows: number;
  crmRows: number;
  /** Medians of the rounds. */
  analyse: Timed;
  exceljs: Timed;
  papaparse: Timed;
  /** Median of each round's analyse ÷ baseline. */
  ratioExceljs: number;
  ratioPapaparse: number;
  rounds: number;
  /** Fastest and slowest analyse of the rounds. */
  analyseRange: [number, number];
}

/** Runs the analyse benchmark, `repeat` rounds for each size; `keep` leaves the generated data in `root`. */
export async function analyseBench(root: string, cli: string, sizes: number[], repeat = 1, keep = false): Promise<AnalyseBenchRow[]> {
  const baseline = path.join(path.dirname(new URL(import.meta.url).pathname), 'baseline-write.js');
  const results: AnalyseBenchRow[] = [];
  for (const customers of sizes) {
    const dir = path.join(root, `analyse-${customers}`);
    process.stderr.write(`[bench] generating ${customers} customers per side…\n`);
    const { sim, config } = await demoWithSimulator(dir, [cli], cli, customers);
    try {
      const runs = { analyse: [] as Timed[], exceljs: [] as Timed[], papaparse: [] as Timed[] };
      let bobRows = 0;
      let crmRows = 0;
      for (let round = 1; round <= repeat; round++) {
        const of = repeat > 1 ? ` (round ${round} of ${repeat})` : '';
        process.stderr.write(`[bench] analyse ${customers}${of}…\n`);
        const analyse = await measureNode(
          [cli, 'analyse', '--config', config, '--out', path.join(dir, 'proposal.xlsx'), '--force', '--json'],
          CRM_ENV,
        );
        if (analyse.code !== 0) throw new Error(`analyse failed for ${customers} (exit ${analyse.code})`);
        const report = JSON.parse(analyse.stdout) as { counts: Record<string, Record<string, number>> };
        bobRows = report.counts.bobToCrm.rows ?? 0;
        crmRows = report.counts.crmToBob.rows ?? 0;
        process.stderr.write(`[bench] baselines ${customers}${of}…\n`);
        runs.analyse.push(analyse);
        runs.exceljs.push(await measureNode([baseline, 'exceljs', path.join(dir, 'bob.sqlite'), path.join(dir, 'baseline.xlsx'), '17']));
        runs.papaparse.push(await measureNode([baseline, 'papaparse', path.join(dir, 'bob.sqlite'), path.join(dir, 'baseline.csv'), '17']));
      }
      const ratios = (baselineRuns: Timed[]): number => median(runs.analyse.map((run, i) => run.seconds / baselineRuns[i]!.seconds));
      const seconds = runs.analyse.map((run) => run.seconds);
      results.push({
        customers,
        bobRows,
        crmRows,
        analyse: medianOf(runs.analyse),
        exceljs: medianOf(runs.exceljs),
        papaparse: medianOf(runs.papaparse),
        ratioExceljs: ratios(runs.exceljs),
        ratioPapaparse: ratios(runs.papaparse),
        rounds: repeat,
        analyseRange: [Math.min(...seconds), Math.max(...seconds)],
      });
    } finally {
      await sim.stop();
    }
    if (existsSync(dir) && !keep) rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

export function renderAnalyseBench(rows: AnalyseBenchRow[]): string {
  const lines = [
    '| customers per side | direction rows | rounds | analyse + xlsx | fastest – slowest | peak | exceljs alone | peak | papaparse CSV | peak | ÷ exceljs | ÷ papaparse |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.customers} | ${r.bobRows} + ${r.crmRows} | ${r.rounds} | ${fmt(r.analyse.seconds)} s | ${fmt(r.analyseRange[0])} – ${fmt(r.analyseRange[1])} s | ${fmt(r.analyse.peakMb, 0)} MB | ${fmt(r.exceljs.seconds)} s | ${fmt(r.exceljs.peakMb, 0)} MB | ${fmt(r.papaparse.seconds)} s | ${fmt(r.papaparse.peakMb, 0)} MB | ${fmt(r.ratioExceljs, 2)} | ${fmt(r.ratioPapaparse, 2)} |`,
    );
  }
  return lines.join('\n');
}
