/**
 * Benchmarks (not run by CI): `npm run bench -- [analyse|import|apply] [options]` (`--help` lists
 * them). See bench/README.md.
 * Every figure comes with a baseline measured in the same run on the same rows; read the ratios,
 * not the seconds (the machines are shared and noisy).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { analyseBench, renderAnalyseBench } from './analyse-bench.js';
import { applyBench, renderApplyBench } from './apply-bench.js';
import { importBench, renderImportBench } from './import-bench.js';

const root = path.resolve(fileURLToPath(new URL('../../bench/out', import.meta.url)));
const cli = path.resolve(fileURLToPath(new URL('../src/cli/main.js', import.meta.url)));

/** `--sizes 10000,100000`: positive whole numbers separated by commas. */
function numberList(name: string): (text: string) => number[] {
  return (text) => {
    const values = String(text)
      .split(',')
      .map((part) => Number(part.trim()));
    if (values.length === 0 || values.some((n) => !Number.isInteger(n) || n <= 0)) {
      throw new Error(`--${name} expects positive whole numbers separated by commas, got "${text}"`);
    }
    return values;
  };
}

/** One positive whole number. */
function positive(name: string): (value: number) => number {
  return (value) => {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} expects a positive whole number, got ${value}`);
    return value;
  };
}

/** `--sizes`, customers per side, with its default list. */
const sizesOption = (fallback: string) => ({ default: fallback, coerce: numberList('sizes'), description: 'Customers per side' });
const REPEAT_OPTION = { type: 'number', default: 3, coerce: positive('repeat'), description: 'Rounds (medians reported)' } as const;

await yargs(hideBin(process.argv))
  .scriptName('npm run bench --')
  .option('keep', { type: 'boolean', default: false, global: true, description: 'Keep the generated data in bench/out' })
  .usage('$0 [analyse|import|apply] [options]\n\nTimes bobsync against baselines measured in the same run; see bench/README.md.')
  .command(
    ['analyse', '$0'],
    'analyse + xlsx export as a whole process, next to the bare exceljs writer and papaparse',
    (y) => y.option('sizes', sizesOption('10000,100000,300000')).option('repeat', REPEAT_OPTION),
    async (args) => console.log(renderAnalyseBench(await analyseBench(root, cli, args.sizes, args.repeat, args.keep))),
  )
  .command(
    'import',
    "import's dry run on a confirmed workbook (xlsx and CSV), next to exceljs' streaming reader",
    // 110000 customers give about 101000 BOB to CRM rows (the demo excludes about 8%).
    (y) => y.option('sizes', sizesOption('110000')).option('repeat', REPEAT_OPTION),
    async (args) => console.log(renderImportBench(await importBench(root, cli, args.sizes, args.repeat, args.keep))),
  )
  .command(
    'apply',
    '--apply against a simulator with latency, at several concurrencies',
    (y) =>
      y
        .option('rows', { type: 'number', default: 400, coerce: positive('rows'), description: 'Rows to apply' })
        .option('latency', { type: 'number', default: 20, coerce: positive('latency'), description: 'Simulator latency per request (ms)' })
        .option('concurrency', { default: '1,4,8,16', coerce: numberList('concurrency'), description: 'CRM concurrencies to compare' })
        .option('repeat', REPEAT_OPTION),
    async (args) => {
      const { rows, latency: latencyMs, concurrency: concurrencies, repeat, keep } = args;
      console.log(renderApplyBench(await applyBench(root, cli, { rows, latencyMs, concurrencies, repeat, keep })));
    },
  )
  .strict()
  .help()
  .alias('h', 'help')
  .parseAsync();
