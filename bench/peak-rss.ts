/**
 * Preloaded with `node --import` into every benchmarked process: on exit it writes the process's
 * peak resident memory (KiB) to the file named by BENCH_PEAK_FILE. Nothing in the tool knows about it.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_PEAK_FILE;
if (target) {
  process.on('exit', () => {
    writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}
