/** `bobsync crm-sim`: run the Sage CRM REST simulator standalone on 127.0.0.1 until interrupted. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { runCrmSim } from '../crm-sim/run-crm-sim.js';
import { BobsyncError } from '../errors.js';
import type { CliIo, CommandOutcome } from './io.js';
import { fractionOption, integerOption } from './options.js';

export function crmSimCommand(io: CliIo, outcome: CommandOutcome): CommandModule {
  return {
    command: 'crm-sim',
    describe: 'Run the Sage CRM REST simulator on 127.0.0.1 (prints its base URL first)',
    builder: (y) =>
      y
        .option('db', { type: 'string', demandOption: true, description: 'SQLite file of the simulator (created when missing)', requiresArg: true })
        .option('port', { type: 'number', default: 0, description: 'Port (0: a free one)', requiresArg: true })
        .option('user', { type: 'string', description: 'Require HTTP Basic auth with this user', requiresArg: true })
        .option('password', { type: 'string', description: 'Password for --user', requiresArg: true })
        .option('latency', { type: 'number', default: 0, description: 'Delay every answer by MS milliseconds', requiresArg: true })
        .option('error-rate', { type: 'number', default: 0, description: 'Fraction of requests answered 500 at random (0–1)', requiresArg: true })
        .option('fail-after', { type: 'number', description: 'Answer 503 to every request after the first N', requiresArg: true }),
    handler: async (args) => {
      if ((args.user === undefined) !== (args.password === undefined)) {
        throw new BobsyncError('usage', 'Expected `--user` and `--password` together', { hint: 'give both, or neither for no authentication' });
      }
      const sim = await runCrmSim(
        {
          db: path.resolve(io.cwd, String(args.db)),
          port: integerOption('port', args.port, 0, 65535),
          user: args.user as string | undefined,
          password: args.password as string | undefined,
          latency: integerOption('latency', args.latency, 0, 600_000),
          errorRate: fractionOption('error-rate', args['error-rate']),
          failAfter: integerOption('fail-after', args['fail-after'], 0),
        },
        { stdout: (line) => io.stdout(line) },
      );
      await io.untilInterrupted();
      await sim.close();
      outcome.exitCode = 0;
    },
  };
}
