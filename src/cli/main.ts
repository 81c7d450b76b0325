#!/usr/bin/env node
/**
 * Entry point. `main(argv, io)` builds a fresh yargs parser per call (so tests run it in process),
 * runs one command and returns the exit code; only this folder touches `process`.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { BobsyncError } from '../errors.js';
import { analyseCommand } from './analyse.js';
import { crmSimCommand } from './crm-sim.js';
import { demoCommand } from './demo.js';
import { importCommand } from './import.js';
import { type CliIo, type CommandOutcome, processIo } from './io.js';
import { mappingCommand } from './mapping.js';
import { renderError } from './render-error.js';
import { verifyCommand } from './verify.js';
import { VERSION } from './version.js';

export async function main(argv: string[], io: CliIo): Promise<number> {
  const outcome: CommandOutcome = { exitCode: 0 };
  const verbose = argv.includes('--verbose');
  let helpOutput = '';
  let parseError: unknown;
  const parser = yargs(argv)
    .scriptName('bobsync')
    .usage('$0 <command> [options]\n\nReview the first synchronisation between Sage BOB 50 and Sage CRM in Excel, then apply exactly what was approved.')
    .command(demoCommand(io, outcome))
    .command(analyseCommand(io, outcome))
    .command(importCommand(io, outcome))
    .command(verifyCommand(io, outcome))
    .command(mappingCommand(io, outcome))
    .command(crmSimCommand(io, outcome))
    .option('verbose', { type: 'boolean', description: 'Print stack traces and more detail on errors', global: true })
    .demandCommand(1, 'Name a command: demo, analyse, import, verify, mapping or crm-sim.')
    .recommendCommands()
    .strict()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      // Handler errors pass through untouched; parse problems become usage errors (exit 64).
      throw error ?? new BobsyncError('usage', message, { hint: 'run `bobsync --help` or `bobsync <command> --help` for the usage' });
    });
  try {
    await parser.parseAsync(argv, {}, (err, _args, output) => {
      helpOutput = output;
      parseError = err ?? undefined;
    });
    if (parseError) throw parseError;
    if (helpOutput) io.stdout(helpOutput);
    return outcome.exitCode;
  } catch (error) {
    const rendered = renderError(error, verbose);
    io.stderr(rendered.text);
    return rendered.exitCode;
  }
}

function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${renderError(error, true).text}\n`);
      process.exitCode = 70;
    },
  );
}
