/**
 * Benchmarks (not run by CI): `npm run bench -- [analyse|import|apply] [--sizes 10000,100000] [--keep]`.
 * Every figure comes with a baseline measured in the same run on the same rows; read the ratios,
 * not the seconds (the machines are shared and noisy).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseBench, renderAnalyseBench } from './analyse-bench.js';

const root = path.resolve(fileURLToPath(new URL('../../bench/out', import.meta.url)));
const cli = path.resolve(fileURLToPath(new URL('../src/cli/main.js', import.meta.url)));

function sizesArg(fallback: number[]): number[] {
  const i = process.argv.indexOf('--sizes');
  if (i < 0) return fallback;
  return process.argv[i + 1].split(',').map((s) => Number(s.trim()));
}

const which = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'analyse';
if (which === 'analyse') {
  const rows = await analyseBench(root, cli, sizesArg([10_000, 100_000, 300_000]));
  console.log(renderAnalyseBench(rows));
} else {
  console.error(`unknown benchmark ${which}: use analyse, import or apply`);
  process.exitCode = 64;
}
