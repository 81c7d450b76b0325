/** `bobsync mapping export|import`: the mapping table as its own workbook round trip. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { loadConfig } from '../config/load-config.js';
import type { Lang } from '../config/types.js';
import type { CliIo, CommandOutcome } from './io.js';
import { configOption, jsonOption } from './options.js';

export function mappingCommand(io: CliIo, outcome: CommandOutcome): CommandModule {
  return {
    command: 'mapping',
    describe: 'Export the mapping table to a workbook, or import an edited one (unticking No sync re-includes a third party)',
    builder: (y) =>
      y
        .command({
          command: 'export',
          describe: 'Write the mapping table (BOB id, CRM id, No sync, linked and last sync times) to a workbook',
          builder: (c) =>
            c
              .option('out', { type: 'string', demandOption: true, description: 'Workbook to write (.xlsx)', requiresArg: true })
              .option('config', configOption)
              .option('lang', { choices: ['nl', 'fr', 'en'] as const, description: 'Language of the workbook' })
              .option('json', jsonOption),
          handler: async (args) => {
            const config = loadConfig(String(args.config), io.cwd);
            const { exportMapping } = await import('../app/mapping-workbook.js'); // not loaded with the command list (exceljs)
            const report = await exportMapping(
              { out: path.resolve(io.cwd, String(args.out)), lang: args.lang as Lang | undefined },
              { config, env: io.env, now: io.now },
            );
            io.stdout(
              args.json
                ? JSON.stringify(report, null, 2)
                : `Mapping table written to ${path.relative(io.cwd, report.path) || report.path}: ${report.entries} entries, ${report.noSync} with No sync.\nClear No sync on a line to include that third party in the next proposal, then run: npx bobsync mapping import ${path.relative(io.cwd, report.path)} --apply`,
            );
            outcome.exitCode = 0;
          },
        })
        .command({
          command: 'import <path>',
          describe: 'Read an edited mapping workbook; with --apply store the No sync changes',
          builder: (c) =>
            c
              .positional('path', { type: 'string', description: 'The edited mapping workbook' })
              .option('config', configOption)
              .option('apply', { type: 'boolean', default: false, description: 'Store the changes (default: show them only)' })
              .option('json', jsonOption),
          handler: async (args) => {
            const config = loadConfig(String(args.config), io.cwd);
            const { importMapping } = await import('../app/mapping-workbook.js');
            const report = await importMapping({ path: path.resolve(io.cwd, String(args.path)), apply: Boolean(args.apply) }, { config, env: io.env, now: io.now, user: io.user(), host: io.host });
            if (args.json) io.stdout(JSON.stringify(report, null, 2));
            else {
              const lines = report.changes.map((c) => `  ${c.rowKey}: ${c.change}`);
              for (const f of report.findings) lines.push(`  ${f.cell}: ${f.message}`);
              for (const k of report.unknownRows) lines.push(`  ${k}: changed since the export, left alone`);
              io.stdout([`${report.applied ? 'Applied' : 'Dry run'}: ${report.changes.length} change(s)`, ...lines, '', report.message].join('\n'));
            }
            outcome.exitCode = report.findings.length > 0 ? 1 : 0;
          },
        })
        .demandCommand(1, 'Name a mapping action: export or import.'),
    handler: () => undefined,
  };
}
