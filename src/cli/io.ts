/**
 * What a command may touch of the outside world. `main.ts` builds it from `process`; tests pass
 * their own so that every command runs in process.
 */
import os from 'node:os';
import type { RunHost } from '../apply/run-lock.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now(): Date;
  /** Who runs the command (recorded with proposals and runs). */
  user(): string;
  /** Resolves when the user asks a long-running command (crm-sim) to stop. */
  untilInterrupted(): Promise<void>;
  /** Where progress is shown (the apply's), apart from the report; none when undefined. */
  progress?: NodeJS.WritableStream;
  /** This machine and process, for the run lock. */
  host: RunHost;
}

/** What a command handler reports back to `main`. */
export interface CommandOutcome {
  exitCode: number;
}

/** The real terminal. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    user: () => currentUser(process.env),
    untilInterrupted: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
    progress: process.stderr,
    host: processHost(),
  };
}

/** The machine and process this command runs as. */
export function processHost(): RunHost {
  return {
    hostname: os.hostname(),
    pid: process.pid,
    isRunning(pid) {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        // EPERM: it runs, under another user.
        return (error as NodeJS.ErrnoException).code !== 'ESRCH';
      }
    },
  };
}

/** `BOBSYNC_USER` when set (e.g. the reviewer's name on a shared account), else the OS login. */
export function currentUser(env: NodeJS.ProcessEnv): string {
  if (env.BOBSYNC_USER) return env.BOBSYNC_USER;
  try {
    return os.userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}
