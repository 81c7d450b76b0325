/**
 * `bobsync crm-sim`: runs the Sage CRM simulator until the caller closes it. The base URL is the
 * first line printed, so scripts can read it when `--port` is left at 0.
 */
import { startSimulator } from './server.js';

export interface RunCrmSimOptions {
  /** SQLite file; created when missing. */
  db: string;
  port?: number;
  user?: string;
  password?: string;
  /** Milliseconds added before every answer. */
  latency?: number;
  errorRate?: number;
  failAfter?: number;
}

/** Starts the simulator on `options.db` (created when missing) and prints its URL, then how to stop it. */
export async function runCrmSim(options: RunCrmSimOptions, io: { stdout: (line: string) => void }): Promise<{ close(): Promise<void> }> {
  const simulator = await startSimulator({
    file: options.db,
    port: options.port,
    user: options.user,
    password: options.password,
    latencyMs: options.latency,
    errorRate: options.errorRate,
    failAfter: options.failAfter,
  });
  io.stdout(simulator.url);
  io.stdout('Sage CRM simulator running; press Ctrl+C to stop.');
  return { close: () => simulator.close() };
}
