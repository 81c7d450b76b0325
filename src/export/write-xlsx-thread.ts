/**
 * Writes an xlsx workbook in a worker thread: exceljs' writer (the larger part of an export's
 * time) runs on the second core while the caller goes on. The caller's thread makes every row
 * exactly once (the same pass that records what registration needs) and hands them over in
 * batches without waiting; `finished` settles when the file is complete and closed.
 */
import { Worker } from 'node:worker_threads';
import type { ColumnDef, MetaEntries } from '../../templates/columns.js';
import type { Lang } from '../config/types.js';
import type { CellValue, SummarySheet } from './sheet-model.js';
import { columnWidths, type ColumnWidth } from './write-xlsx.js';

/** Everything the worker needs but the data rows (plain data: it is cloned into the worker). */
export interface XlsxJob {
  path: string;
  creator: string;
  /** ISO time. */
  created: string;
  lang: Lang;
  summary: SummarySheet;
  sheets: Array<{ name: string; columns: ColumnDef[]; header: string[]; rowCount: number; widths: ColumnWidth[] }>;
  meta: MetaEntries;
  crmFieldNames: string[];
}

/** To the worker: a batch of the current sheet's rows, or the end of the current sheet. */
export type ToXlsxWorker = { rows: CellValue[][] } | { end: true };
export type FromXlsxWorker = { ok: true } | { ok: false; message: string; code: string | undefined };

/** A data sheet whose rows are made on demand (`DataSheet` fits). */
export interface ThreadedSheet {
  name: string;
  columns: readonly ColumnDef[];
  header: readonly string[];
  rowCount: number;
  rows(): Iterable<{ values: readonly CellValue[] }>;
}

/** Rows per message: large enough that messaging costs nothing, small enough to start at once. */
const BATCH_ROWS = 1000;

/**
 * Starts the worker on `path` (created, must not exist) and hands it every row of `sheets`, in
 * order, before returning. The returned promise settles when the file is written; on failure it
 * rejects with an Error carrying the worker's message and errno code.
 */
export function writeXlsxInThread(
  model: { lang: Lang; summary: SummarySheet; sheets: readonly ThreadedSheet[]; meta: MetaEntries; crmFieldNames: readonly string[] },
  path: string,
  properties: { creator: string; created: Date },
): { finished: Promise<void>; cancel(): Promise<void> } {
  const job: XlsxJob = {
    path,
    creator: properties.creator,
    created: properties.created.toISOString(),
    lang: model.lang,
    summary: model.summary,
    // The widths sample the first rows: measured here, where the rows can be passed over twice.
    sheets: model.sheets.map((sheet) => ({
      name: sheet.name,
      columns: [...sheet.columns],
      header: [...sheet.header],
      rowCount: sheet.rowCount,
      widths: columnWidths(sheet),
    })),
    meta: model.meta,
    crmFieldNames: [...model.crmFieldNames],
  };
  const worker = new Worker(new URL('./xlsx-worker.js', import.meta.url), { workerData: job });
  const finished = new Promise<void>((resolve, reject) => {
    let settled = false;
    worker.once('message', (answer: FromXlsxWorker) => {
      settled = true;
      if (answer.ok) resolve();
      else reject(Object.assign(new Error(answer.message), { code: answer.code }));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the workbook writer stopped (exit code ${code}) before the file was complete`));
    });
  });
  try {
    for (const sheet of model.sheets) {
      let batch: CellValue[][] = [];
      for (const row of sheet.rows()) {
        batch.push(row.values as CellValue[]);
        if (batch.length === BATCH_ROWS) {
          worker.postMessage({ rows: batch } satisfies ToXlsxWorker);
          batch = [];
        }
      }
      if (batch.length > 0) worker.postMessage({ rows: batch } satisfies ToXlsxWorker);
      worker.postMessage({ end: true } satisfies ToXlsxWorker);
    }
  } catch (error) {
    void worker.terminate();
    finished.catch(() => undefined);
    throw error;
  }
  return {
    finished,
    /** Stops the worker (the file is left as it is, for the caller to remove). */
    async cancel() {
      finished.catch(() => undefined);
      await worker.terminate();
    },
  };
}
