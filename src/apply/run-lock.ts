/**
 * One apply at a time per BOB database (DESIGN §7.6), through the state store's run lock. The holder
 * names the user, machine, process and run, so a refusal says who holds it. On SQL Server the lock
 * is the server's, held for a session of its own and released when that connection or process ends
 * (state-store.ts): a crashed run on one workstation blocks no other. On SQLite it is a row, and a
 * lock left by a process of this machine that no longer runs (killed, crashed) is taken over.
 */
import { BobsyncError } from '../errors.js';
import type { ProposalRecord, RunRecord, StatePort } from '../sources/state/state-port.js';

/** The machine and process a run happens on (the command line gives it; tests give their own). */
export interface RunHost {
  hostname: string;
  pid: number;
  /** Whether a process of this machine with this id still runs. */
  isRunning(pid: number): boolean;
}

/** `jan on HOST (pid 1234, run R…)`: unique per run, readable in a refusal. */
export function runLockHolder(user: string, runId: string, host: RunHost): string {
  return `${user} on ${host.hostname} (pid ${host.pid}, run ${runId})`;
}

/** Takes the run lock or throws `transient` naming who holds it and since when. */
export async function acquireRunLock(state: StatePort, holder: string, at: string, host: RunHost): Promise<void> {
  let current = await state.acquireLock(holder, at);
  if (current !== null && holderIsGone(current.holder, host)) {
    await state.releaseLock(current.holder);
    current = await state.acquireLock(holder, at);
  }
  if (current !== null) {
    throw new BobsyncError('transient', `another apply is running on this BOB database: ${current.holder} since ${current.at}`, {
      hint: 'wait until it has finished, then run the import again (it continues where the other run stopped)',
    });
  }
}

/** Runs `fn` holding the run lock; the lock is always released, also when `fn` throws. */
export async function withRunLock<T>(state: StatePort, holder: string, at: string, host: RunHost, fn: () => Promise<T>): Promise<T> {
  await acquireRunLock(state, holder, at, host);
  try {
    return await fn();
  } finally {
    await state.releaseLock(holder).catch(() => undefined);
  }
}

/** True when the holder is a process of this machine that no longer runs. */
function holderIsGone(holder: string, host: RunHost): boolean {
  const match = / on (\S+) \(pid (\d+), run /.exec(holder);
  if (match === null || match[1] !== host.hostname) return false;
  const pid = Number(match[2]);
  return pid !== host.pid && !host.isRunning(pid);
}

/** The error for a proposal that a run has already applied in full. */
export function alreadyAppliedError(proposal: ProposalRecord, runs: readonly RunRecord[]): BobsyncError {
  const run = runs.find((r) => r.id === proposal.appliedRun);
  const when = run === undefined ? 'an unknown date' : run.finishedAt || run.startedAt;
  const who = run === undefined ? 'an unknown user' : run.startedBy;
  return new BobsyncError('bad-input', `proposal ${proposal.id} was already applied by run ${proposal.appliedRun || '(unknown)'} on ${when} by ${who}`, {
    hint: 'run bobsync analyse for a new proposal',
  });
}
