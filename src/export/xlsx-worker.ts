/**
 * Worker thread entry of `writeXlsxInThread`: writes the workbook with exceljs while the main
 * thread goes on (it registers the proposal meanwhile). The job (everything but the data rows)
 * comes as `workerData`; the rows come as messages, sheet after sheet, each sheet closed by an
 * `end` message. Answers one message: `{ ok: true }` once the file is complete and closed, or
 * `{ ok: false, message, code }`.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { CellValue } from './sheet-model.js';
import { writeXlsx, type XlsxDataSheet } from './write-xlsx.js';
import { FAILED, WRITTEN, type FromXlsxWorker, type ToXlsxWorker, type XlsxJob } from './write-xlsx-thread.js';

const port = parentPort;
if (port === null) throw new Error('xlsx-worker runs only as a worker thread');
const job = workerData as XlsxJob;
const progress = new Int32Array(job.progress);

/** The messages not yet consumed, and the reader waiting for the next one. */
const queue: ToXlsxWorker[] = [];
let waiting: ((message: ToXlsxWorker) => void) | null = null;
port.on('message', (message: ToXlsxWorker) => {
  if (waiting !== null) {
    const wake = waiting;
    waiting = null;
    wake(message);
  } else queue.push(message);
});
const next = (): Promise<ToXlsxWorker> =>
  queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((resolve) => (waiting = resolve));

async function* sheetRows(): AsyncGenerator<{ values: readonly CellValue[] }> {
  for (;;) {
    const message = await next();
    if ('end' in message) return;
    for (const values of message.rows) yield { values };
    // Counted once the batch's rows are taken: the caller may then hand over the next one.
    Atomics.add(progress, WRITTEN, 1);
    Atomics.notify(progress, WRITTEN);
  }
}

async function run(): Promise<void> {
  const output = fs.createWriteStream(job.path, { flags: 'wx' });
  await once(output, 'open');
  const sheets: XlsxDataSheet[] = job.sheets.map((sheet) => ({ ...sheet, rows: sheetRows }));
  await writeXlsx({ ...job, sheets }, output, { creator: job.creator, created: new Date(job.created) });
  // commit() resolved on 'finish'; the descriptor closes right after (autoClose).
  if (!output.closed) await once(output, 'close');
}

run().then(
  () => port.postMessage({ ok: true } satisfies FromXlsxWorker),
  (error: unknown) => {
    Atomics.store(progress, FAILED, 1);
    Atomics.notify(progress, WRITTEN);
    const { message, code } = error instanceof Error ? (error as NodeJS.ErrnoException) : { message: String(error), code: undefined };
    port.postMessage({ ok: false, message, code } satisfies FromXlsxWorker);
  },
);
