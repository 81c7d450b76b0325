/** Runs the CLI in process and captures what a person would see. */
import { processHost, type CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; interrupt?: Promise<void>; progress?: NodeJS.WritableStream },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    stderr: (text) => {
      stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
    env: options.env ?? {},
    cwd: options.cwd,
    now: () => new Date('2026-11-28T09:00:00Z'),
    user: () => 'tester',
    untilInterrupted: () => options.interrupt ?? Promise.resolve(),
    progress: options.progress,
    host: processHost(),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
