/**
 * Writes an xlsx workbook in a worker thread: exceljs' writer (the larger part of an export's
 * time) runs on the second core while the caller's thread goes on with its own work on the same
 * rows (analyse registers them). The caller hands the rows over one by one, in order; they travel
 * in batches, and `add` waits while the thread is more than a few batches behind, so the rows in
 * flight never pile up in memory. `finished` settles once the file is complete and closed.
 *
 * The thread can be started before its job (`prepareXlsxThread`): loading exceljs then overlaps
 * whatever the caller does meanwhile (analyse builds the proposal).
 */
import { Worker } from 'node:worker_threads';
import type { ColumnDef, MetaEntries } from '../../templates/columns.js';
import type { Lang } from '../config/types.js';
import type { CellRule, CellValue } from '../workbook/cell-text.js';
import type { SummarySheet } from '../workbook/sheet-model.js';
import { columnWidths } from './column-widths.js';
import { BATCHES_WRITTEN, WORKER_FAILED, type FromXlsxWorker, type RowRules, type ToXlsxWorker, type XlsxJob } from './xlsx-thread-protocol.js';

/** A data sheet whose rows can be sampled for the column widths (`DataSheet` fits). */
export interface ThreadedSheet {
  name: string;
  columns: readonly ColumnDef[];
  header: readonly string[];
  rowCount: number;
  frozen?: number;
  rows(): Iterable<{ values: readonly CellValue[] }>;
}

export interface ThreadedXlsxWriter {
  /** Hands one row of the current sheet over; waits while the thread is MAX_IN_FLIGHT batches behind. */
  add(values: readonly CellValue[], rules?: readonly CellRule[]): void;
  /** Ends the current sheet: the next rows are the next sheet's. */
  endSheet(): void;
  /** True once the thread has failed (`finished` tells why). */
  failed(): boolean;
  /** Settles when the file is written; rejects with the thread's error (message and errno code). */
  finished: Promise<void>;
  /** Stops the thread; the file is left as it is, for the caller to remove. */
  cancel(): Promise<void>;
}

/** Rows per message: large enough that messaging costs nothing, small enough to start at once. */
const BATCH_ROWS = 500;
/** Batches handed over and not yet written, at most. */
const MAX_IN_FLIGHT = 8;
/** A thread that writes nothing for this long has stopped (it could not even say so). */
const STALL_MS = 120_000;

export type ThreadedModel = { lang: Lang; summary: SummarySheet; sheets: readonly ThreadedSheet[]; meta: MetaEntries; crmFieldNames: readonly string[] };

/** A writer thread started ahead of its job. */
export interface PreparedXlsxThread {
  /**
   * Hands the job over, once: the worker writes `path` (created, must not exist). The column widths
   * sample the first rows of each sheet here, where they can be read twice; then the caller adds
   * every row, sheet by sheet.
   */
  start(model: ThreadedModel, path: string, properties: { creator: string; created: Date }): ThreadedXlsxWriter;
  /** Stops the thread if it never got a job (nothing to do after `start`). */
  discard(): Promise<void>;
}

/**
 * Starts a writer thread that loads its modules and waits for its job. Until `start` it does not
 * keep the process alive, so a caller that fails first leaves nothing running.
 */
export function prepareXlsxThread(): PreparedXlsxThread {
  const spawn = (): Worker => new Worker(new URL('./xlsx-worker.js', import.meta.url));
  let worker = spawn();
  // Until the job comes nobody listens: a thread that fails meanwhile is replaced at `start`.
  let dead = false;
  const died = (): void => {
    dead = true;
  };
  worker.once('error', died);
  worker.once('exit', died);
  worker.unref();
  let started = false;
  return {
    start(model, path, properties) {
      if (started) throw new Error('this writer thread already has its job');
      started = true;
      worker.off('error', died);
      worker.off('exit', died);
      if (dead) worker = spawn();
      else worker.ref();
      return handOver(worker, model, path, properties);
    },
    async discard() {
      if (!started) await worker.terminate();
    },
  };
}

function handOver(worker: Worker, model: ThreadedModel, path: string, properties: { creator: string; created: Date }): ThreadedXlsxWriter {
  const progress = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const shared = new Int32Array(progress);
  const job: XlsxJob = {
    path,
    creator: properties.creator,
    created: properties.created.toISOString(),
    lang: model.lang,
    summary: model.summary,
    sheets: model.sheets.map((sheet) => ({
      name: sheet.name,
      columns: [...sheet.columns],
      header: [...sheet.header],
      rowCount: sheet.rowCount,
      widths: columnWidths(sheet),
      frozen: sheet.frozen ?? 0,
    })),
    meta: model.meta,
    crmFieldNames: [...model.crmFieldNames],
    progress,
  };
  worker.postMessage({ job } satisfies ToXlsxWorker);
  let settled = false;
  const finished = new Promise<void>((resolve, reject) => {
    worker.once('message', (answer: FromXlsxWorker) => {
      settled = true;
      if (answer.ok) resolve();
      else reject(Object.assign(new Error(answer.message), { code: answer.code }));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      Atomics.store(shared, WORKER_FAILED, 1);
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the workbook writer stopped (exit code ${code}) before the file was complete`));
    });
  });
  finished.catch(() => undefined); // the caller awaits it; until then a failure is only recorded

  let batch: CellValue[][] = [];
  let batchRules: RowRules[] = [];
  let posted = 0;
  const failure = (): Error => new Error('the workbook writer failed (see its error)');
  const post = (message: ToXlsxWorker): void => {
    if (Atomics.load(shared, WORKER_FAILED) === 1) throw failure();
    worker.postMessage(message);
  };
  const flush = (): void => {
    if (batch.length === 0) return;
    // Blocks this thread while the writer is behind: it runs on its own and never waits for us.
    let written = Atomics.load(shared, BATCHES_WRITTEN);
    let since = Date.now();
    while (posted - written >= MAX_IN_FLIGHT) {
      if (Atomics.load(shared, WORKER_FAILED) === 1) throw failure();
      Atomics.wait(shared, BATCHES_WRITTEN, written, 100);
      const now = Atomics.load(shared, BATCHES_WRITTEN);
      if (now !== written) {
        written = now;
        since = Date.now();
      } else if (Date.now() - since > STALL_MS) {
        throw new Error(`the workbook writer wrote nothing for ${STALL_MS / 1000} s`);
      }
    }
    post(batchRules.length > 0 ? { rows: batch, rules: batchRules } : { rows: batch });
    posted += 1;
    batch = [];
    batchRules = [];
  };
  return {
    add(values, rules) {
      if (rules !== undefined && rules.length > 0) batchRules.push([batch.length, rules as CellRule[]]);
      batch.push(values as CellValue[]);
      if (batch.length === BATCH_ROWS) flush();
    },
    endSheet() {
      flush();
      post({ end: true });
    },
    failed: () => Atomics.load(shared, WORKER_FAILED) === 1,
    finished,
    async cancel() {
      await worker.terminate();
    },
  };
}
