/**
 * Entry point of reading: an .xlsx file or a CSV folder written by `analyse`, checked against
 * size limits before any parser runs, with the sha-256 that the run record and `verify` use.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { CSV_META_FILE } from '../../templates/columns.js';
import { BobsyncError } from '../errors.js';
import { csvFolderSha256, fileSha256Of } from '../workbook/file-hash.js';
import type { RawWorkbook } from '../workbook/raw-workbook.js';
import { DEFAULT_LIMITS, formatBytes, LIMIT_HINT, type ImportLimits } from './import-limits.js';
import { inspectZip } from './zip-guard.js';

const WHAT_TO_GIVE = 'Give the .xlsx file or the CSV folder written by `bobsync analyse`.';

/**
 * Reads the workbook at `path` (file → xlsx, folder → CSV). Throws `missing-input` when the path
 * does not exist and `bad-input` when the file is not a readable workbook or exceeds `limits`.
 */
export async function readWorkbook(path: string, limits: Partial<ImportLimits> = {}): Promise<RawWorkbook> {
  const effective: ImportLimits = { ...DEFAULT_LIMITS, ...limits };
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new BobsyncError('missing-input', `${path} does not exist.`, { hint: WHAT_TO_GIVE, cause: error });
  }
  if (info.isDirectory()) {
    // Each reader is loaded when its format comes: a CSV folder never loads exceljs.
    const { readCsvFolder } = await import('./read-csv.js');
    const workbook = await readCsvFolder(path, effective);
    return { ...workbook, fileSha256: await csvFolderSha256(path) };
  }
  const name = basename(path).toLowerCase();
  if (name.endsWith('.csv') || name === CSV_META_FILE) {
    throw new BobsyncError('bad-input', `${path} is one file of a CSV folder.`, {
      hint: 'Give the folder that holds meta.json and the sheet files, not one of its files.',
    });
  }
  if (info.size > effective.maxFileBytes) {
    throw new BobsyncError(
      'bad-input',
      `${path} is larger than ${formatBytes(effective.maxFileBytes)} (${formatBytes(info.size)}); it was refused unread.`,
      { hint: LIMIT_HINT },
    );
  }
  const entries = await inspectZip(path, effective);
  const { readXlsx } = await import('./read-xlsx.js');
  const [fileSha256, workbook] = await Promise.all([fileSha256Of(path), readXlsx(path, entries, effective)]);
  return { ...workbook, fileSha256 };
}
