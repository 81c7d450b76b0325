/**
 * The CRM simulator as its own process, like `bobsync crm-sim`, that can also say how many HTTP
 * requests it has answered: each line `stats` on stdin is answered with one JSON line
 * `{ "requests": n, "failures": n }` on stdout. The first line printed is the base URL.
 * Usage: node counting-sim.js <crm.sqlite> <latencyMs> <user> <password>
 */
import { createInterface } from 'node:readline';
import { startSimulator } from '../src/crm-sim/server.js';

const [file, latency, user, password] = process.argv.slice(2);
const simulator = await startSimulator({ file, latencyMs: Number(latency ?? 0), user, password });
process.stdout.write(`${simulator.url}\n`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'stats') process.stdout.write(`${JSON.stringify(simulator.stats())}\n`);
});
// The bench closes stdin (or kills the process) when it is done.
lines.on('close', () => {
  void simulator.close().then(() => process.exit(0));
});
process.on('SIGTERM', () => {
  void simulator.close().then(() => process.exit(0));
});
