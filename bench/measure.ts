/** Runs a command as a child process and measures its wall time and peak memory. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Measurement {
  seconds: number;
  peakMb: number;
  stdout: string;
  code: number;
}

/** Wall time and peak memory of one process, or the medians of several rounds. */
export interface Timed {
  seconds: number;
  peakMb: number;
}

const PEAK = fileURLToPath(new URL('./peak-rss.js', import.meta.url));

/** Runs `node <args>` with the peak-memory reporter preloaded. */
export async function measureNode(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bobsync-bench-'));
  const peakFile = path.join(dir, 'peak');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', PEAK, ...args], {
    env: { ...process.env, ...env, BENCH_PEAK_FILE: peakFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let peakMb = Number.NaN;
  try {
    peakMb = Number(readFileSync(peakFile, 'utf8')) / 1024;
  } catch {
    // the child died before its exit handler ran
  }
  rmSync(dir, { recursive: true, force: true });
  return { seconds, peakMb, stdout, code };
}

/** Starts the CRM simulator as its own process (as a real CRM would be) and returns its URL. */
export async function startSimProcess(cli: string, db: string, extra: string[] = []): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [cli, 'crm-sim', '--db', db, '--user', 'bench', '--password', 'bench', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url: string = await new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n')) resolve(line.trim());
    });
    child.on('exit', (code) => reject(new Error(`crm-sim exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The median wall time and the median peak of several rounds. */
export function medianOf(runs: readonly Timed[]): Timed {
  return { seconds: median(runs.map((r) => r.seconds)), peakMb: median(runs.map((r) => r.peakMb)) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
