/**
 * Worker thread entry of `prepareXlsxThread`: writes the workbook with exceljs
 * while the main thread goes on (it registers the proposal meanwhile). The job (everything but the
 * data rows) comes as the first message, which may come long after the thread started; then the
 * rows, sheet after sheet, each sheet closed by an `end` message. Answers one message:
 * `{ ok: true }` once the file is complete and closed, or `{ ok: false, message, code }`.
 */
import { on, once } from 'node:events';
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { CellRule, CellValue } from '../workbook/cell-text.js';
import { writeXlsx, type XlsxDataSheet } from './write-xlsx.js';
import { BATCHES_WRITTEN, WORKER_FAILED, type FromXlsxWorker, type ToXlsxWorker, type XlsxJob } from './xlsx-thread-protocol.js';

const port = parentPort;
if (port === null) throw new Error('xlsx-worker runs only as a worker thread');

/** The caller's messages, in order, buffered until the writer takes them. */
const messages = on(port, 'message') as AsyncIterator<[ToXlsxWorker]>;
const first = await messages.next();
if (first.done === true || !('job' in first.value[0])) throw new Error('xlsx-worker expects its job first');
const job: XlsxJob = first.value[0].job;
const progress = new Int32Array(job.progress);

async function* sheetRows(): AsyncGenerator<{ values: readonly CellValue[]; rules?: readonly CellRule[] }> {
  for (;;) {
    const next = await messages.next();
    const message = next.done === true ? undefined : next.value[0];
    if (message === undefined || !('rows' in message)) return;
    const rules = new Map(message.rules ?? []);
    for (let i = 0; i < message.rows.length; i++) yield { values: message.rows[i]!, rules: rules.get(i) };
    // Counted once the batch's rows are taken: the caller may then hand over the next one.
    Atomics.add(progress, BATCHES_WRITTEN, 1);
    Atomics.notify(progress, BATCHES_WRITTEN);
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
    Atomics.store(progress, WORKER_FAILED, 1);
    Atomics.notify(progress, BATCHES_WRITTEN);
    const { message, code } = error instanceof Error ? (error as NodeJS.ErrnoException) : { message: String(error), code: undefined };
    port.postMessage({ ok: false, message, code } satisfies FromXlsxWorker);
  },
);
