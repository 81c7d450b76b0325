/**
 * Entry point of reading: an .xlsx file or a CSV folder written by `analyse`, checked against
 * size limits before any parser runs, with the sha-256 that the run record and `verify` use.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CSV_FILES, CSV_META_FILE, type SheetKey } from '../../templates/columns.js';
import { BobsyncError } from '../errors.js';
import { readCsvFolder } from './read-csv.js';
import { readXlsx } from './read-xlsx.js';
import { DEFAULT_LIMITS, formatBytes, LIMIT_HINT, type ImportLimits } from './import-limits.js';
import type { RawWorkbook } from './raw-workbook.js';
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
  const [fileSha256, workbook] = await Promise.all([fileSha256Of(path), readXlsx(path, entries, effective)]);
  return { ...workbook, fileSha256 };
}

/** sha-256 (hex) of a file's bytes, streamed. */
export async function fileSha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * sha-256 (hex) of a CSV folder: of the lines `<sha-256 of the file>  <file name>\n` (as
 * `sha256sum` prints them) for each sheet file present, in CSV_FILES order, then meta.json.
 */
export async function csvFolderSha256(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const names = [...(Object.keys(CSV_FILES) as SheetKey[]).map((k) => CSV_FILES[k]), CSV_META_FILE];
  for (const name of names) {
    const file = join(dir, name);
    const present = await stat(file).then((s) => s.isFile(), () => false);
    if (present) hash.update(`${await fileSha256Of(file)}  ${name}\n`);
  }
  return hash.digest('hex');
}
