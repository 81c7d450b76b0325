/** `bobsync demo`: creates a demo environment (embedded BOB database, CRM simulator data, config). */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { createDemo } from '../demo/create-demo.js';
import type { CliIo, CommandOutcome } from './io.js';
import { integerOption } from './options.js';

export function demoCommand(io: CliIo, outcome: CommandOutcome): CommandModule {
  return {
    command: 'demo',
    describe: 'Create a demo environment: DIR/bob.sqlite, DIR/crm.sqlite, DIR/bobsync.config.json',
    builder: (y) =>
      y
        .option('dir', { type: 'string', default: 'demo', description: 'Folder to create the demo in', requiresArg: true })
        .option('customers', { type: 'number', default: 300, description: 'Number of BOB customers', requiresArg: true })
        .option('seed', { type: 'number', default: 42, description: 'Seed of the generator (same seed, same data)', requiresArg: true })
        .option('force', { type: 'boolean', default: false, description: 'Replace an existing demo environment in DIR' }),
    handler: async (args) => {
      const customers = integerOption('customers', args.customers, 1, 1_000_000)!;
      const seed = integerOption('seed', args.seed, 0, 2 ** 32 - 1)!;
      const dir = path.resolve(io.cwd, String(args.dir));
      const summary = await createDemo({ dir, customers, seed, force: Boolean(args.force) });
      const rel = path.relative(io.cwd, dir) || '.';
      const configPath = path.join(rel, 'bobsync.config.json');
      io.stdout(
        [
          `Demo environment created in ${rel}/`,
          `  BOB database   ${path.join(rel, 'bob.sqlite')}  (${summary.counts.bobCustomers} customers, ${summary.counts.bobSuppliers} suppliers, ${summary.counts.bobContacts} contact persons)`,
          `  CRM simulator  ${path.join(rel, 'crm.sqlite')}  (${summary.counts.crmCompanies} companies, ${summary.counts.crmPersons} persons)`,
          `  configuration  ${configPath}  (${summary.counts.mappingEntries} mapping entries already present)`,
          '',
          'Next: build the proposal workbook for review:',
          `  npx bobsync analyse --config ${configPath} --out ${path.join(rel, 'proposal.xlsx')}`,
        ].join('\n'),
      );
      outcome.exitCode = 0;
    },
  };
}
