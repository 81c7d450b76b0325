/**
 * What the caller's thread and the xlsx worker (`xlsx-worker.ts`) say to each other: plain data only,
 * cloned between threads, and a shared progress array the caller waits on.
 */
import type { ColumnDef, MetaEntries } from '../../templates/columns.js';
import type { Lang } from '../config/types.js';
import type { CellRule, CellValue } from '../workbook/cell-text.js';
import type { SummarySheet } from '../workbook/sheet-model.js';
import type { ColumnWidth } from './column-widths.js';

/** Everything the worker needs but the data rows (plain data: it is cloned into the worker, as its first message). */
export interface XlsxJob {
  path: string;
  creator: string;
  /** ISO time. */
  created: string;
  lang: Lang;
  summary: SummarySheet;
  sheets: Array<{ name: string; columns: ColumnDef[]; header: string[]; rowCount: number; widths: ColumnWidth[]; frozen: number }>;
  meta: MetaEntries;
  crmFieldNames: string[];
  /** Shared with the caller: [0] batches written, [1] 1 once the worker failed. */
  progress: SharedArrayBuffer;
}

/** The cell rules of one row of a batch: its index in the batch, its rules. */
export type RowRules = [number, CellRule[]];

/**
 * To the worker: the job (first), then a batch of the current sheet's rows (with the cell rules of
 * the few rows that have any), or the end of the current sheet.
 */
export type ToXlsxWorker = { job: XlsxJob } | { rows: CellValue[][]; rules?: RowRules[] } | { end: true };
export type FromXlsxWorker = { ok: true } | { ok: false; message: string; code: string | undefined };

/** Index in the shared progress array: how many batches the worker has written. */
export const BATCHES_WRITTEN = 0;
/** Index in the shared progress array: 1 once the worker failed. */
export const WORKER_FAILED = 1;
