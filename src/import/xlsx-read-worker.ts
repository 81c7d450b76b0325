/**
 * Worker thread entry of `readXlsxInThread`: parses the workbook (`streamXlsx`) and posts what it
 * reads as it goes: `_meta` first, then each sheet's start and its rows in batches, then the end
 * with the notes, or the error. Only plain values cross: a batch of rows costs the receiving thread
 * a small fraction of what parsing it did.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BobsyncError } from '../errors.js';
import type { ImportLimits } from './import-limits.js';
import { streamXlsx } from './read-xlsx.js';
import type { FromXlsxReader } from './xlsx-read-thread.js';
import type { ZipEntryInfo } from './zip-guard.js';

const port = parentPort;
if (port === null) throw new Error('xlsx-read-worker runs only as a worker thread');
const job = workerData as { path: string; entries: ZipEntryInfo[]; limits: ImportLimits };
const post = (message: FromXlsxReader): void => port.postMessage(message);

streamXlsx(job.path, job.entries, job.limits, {
  meta: (entries, state) => post({ kind: 'meta', entries, state }),
  sheet: (name, state) => post({ kind: 'sheet', name, state }),
  rows: (rows) => post({ kind: 'rows', rows }),
}).then(
  ({ notes }) => post({ kind: 'end', notes }),
  (error: unknown) => {
    if (error instanceof BobsyncError) post({ kind: 'error', code: error.code, message: error.message, hint: error.hint ?? '' });
    else post({ kind: 'error', code: 'internal', message: `reading ${job.path} failed: ${String(error)}`, hint: '' });
  },
);
