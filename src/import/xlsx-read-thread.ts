/**
 * Reads an xlsx workbook in a worker thread (`xlsx-read-worker.ts`): the parsing, which is most of
 * an import's reading time, runs on the second core while this thread goes on with what does not
 * need the cells (the import reads the registered proposal and the fresh records meanwhile). The
 * workbook arrives in batches of plain rows; `onMeta` is called as soon as `_meta` is read.
 */
import { Worker } from 'node:worker_threads';
import type { MetaEntries } from '../../templates/columns.js';
import { BobsyncError, type ErrorCode } from '../errors.js';
import type { ImportLimits } from './import-limits.js';
import type { RawRow, RawSheet, RawWorkbook, SheetState } from './raw-workbook.js';
import type { ZipEntryInfo } from './zip-guard.js';

export type FromXlsxReader =
  | { kind: 'meta'; entries: MetaEntries; state: SheetState }
  | { kind: 'sheet'; name: string; state: SheetState }
  | { kind: 'rows'; rows: RawRow[] }
  | { kind: 'end'; notes: string[] }
  | { kind: 'error'; code: ErrorCode; message: string; hint: string };

export function readXlsxInThread(
  path: string,
  entries: readonly ZipEntryInfo[],
  limits: ImportLimits,
  onMeta?: (entries: MetaEntries) => void,
): Promise<Omit<RawWorkbook, 'fileSha256'>> {
  const worker = new Worker(new URL('./xlsx-read-worker.js', import.meta.url), {
    workerData: { path, entries: [...entries], limits },
  });
  const sheets: RawSheet[] = [];
  let meta: RawWorkbook['meta'] = null;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (message: FromXlsxReader) => {
      switch (message.kind) {
        case 'meta':
          meta = { entries: message.entries, state: message.state };
          try {
            onMeta?.(message.entries);
          } catch (error) {
            settle(() => reject(error));
          }
          break;
        case 'sheet':
          sheets.push({ name: message.name, state: message.state, rows: [] });
          break;
        case 'rows': {
          const target = sheets[sheets.length - 1]?.rows;
          if (target !== undefined) for (const row of message.rows) target.push(row);
          break;
        }
        case 'end':
          settle(() => resolve({ format: 'xlsx', path, meta, sheets, ...(message.notes.length > 0 ? { notes: message.notes } : {}) }));
          break;
        case 'error':
          settle(() => reject(new BobsyncError(message.code, message.message, message.hint === '' ? {} : { hint: message.hint })));
          break;
      }
    });
    worker.once('error', (error) =>
      settle(() =>
        reject(
          new BobsyncError('bad-input', `${path} cannot be read as an .xlsx workbook.`, {
            hint: 'Open it in Excel or LibreOffice, save it again as .xlsx, then import again.',
            cause: error,
          }),
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(new BobsyncError('internal', `the workbook reader stopped (exit code ${code}) before the end of ${path}`))));
  });
}
