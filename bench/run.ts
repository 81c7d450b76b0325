/**
 * Benchmarks (not run by CI): `npm run bench -- [analyse|import|apply] [--sizes 10000,100000] [--keep]`;
 * `import` and `apply` also take `[--repeat 3]` (rounds, medians reported), and `apply` takes
 * `[--rows 400] [--latency 20] [--concurrency 1,4,8,16]` instead of `--sizes`. See bench/README.md.
 * Every figure comes with a baseline measured in the same run on the same rows; read the ratios,
 * not the seconds (the machines are shared and noisy).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseBench, renderAnalyseBench } from './analyse-bench.js';
import { applyBench, renderApplyBench } from './apply-bench.js';
import { importBench, renderImportBench } from './import-bench.js';

const root = path.resolve(fileURLToPath(new URL('../../bench/out', import.meta.url)));
const cli = path.resolve(fileURLToPath(new URL('../src/cli/main.js', import.meta.url)));

function sizesArg(fallback: number[]): number[] {
  return listArg('--sizes', fallback);
}

function listArg(name: string, fallback: number[]): number[] {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const values = (process.argv[i + 1] ?? '').split(',').map((s) => Number(s.trim()));
  if (values.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`${name} expects positive numbers separated by commas`);
  return values;
}

const keep = process.argv.includes('--keep');
const repeat = listArg('--repeat', [3])[0];

const which = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'analyse';
if (which === 'analyse') {
  const rows = await analyseBench(root, cli, sizesArg([10_000, 100_000, 300_000]));
  console.log(renderAnalyseBench(rows));
} else if (which === 'import') {
  // 110000 customers give about 101000 BOB to CRM rows (the demo excludes about 8%).
  const rows = await importBench(root, cli, sizesArg([110_000]), repeat, keep);
  console.log(renderImportBench(rows));
} else if (which === 'apply') {
  const rows = await applyBench(root, cli, {
    rows: listArg('--rows', [400])[0],
    latencyMs: listArg('--latency', [20])[0],
    concurrencies: listArg('--concurrency', [1, 4, 8, 16]),
    repeat,
    keep,
  });
  console.log(renderApplyBench(rows));
} else {
  console.error(`unknown benchmark ${which}: use analyse, import or apply`);
  process.exitCode = 64;
}
