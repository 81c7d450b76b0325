/**
 * Writes a proposal as an xlsx workbook or a CSV folder (DESIGN §6), always to a temporary path
 * next to the target first: the caller registers the proposal, then `commit()` renames the
 * temporary into place (or `discard()` removes it), so a half-written target never exists.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CSV_FILES, CSV_META_FILE, type MetaEntries } from '../../templates/columns.js';
import type { Proposal, SourceRef, EngineRow, DataSheetKey } from '../engine/model.js';
import { BobsyncError } from '../errors.js';
import { metaHash } from '../workbook/cell-hash.js';
import { csvFolderSha256, fileSha256Of } from '../workbook/file-hash.js';
import { sheetModel, type ExportContext, type ProposalCounts, type WorkbookModel } from '../workbook/sheet-model.js';
import { prepareXlsxThread, type PreparedXlsxThread, type ThreadedXlsxWriter } from './write-xlsx-thread.js';

/** Rows in an Excel sheet, header included. */
const MAX_XLSX_ROWS = 1_048_576;

export interface ProposalTarget {
  format: 'xlsx' | 'csv';
  /** The xlsx file, or the CSV folder. */
  path: string;
  /** For xlsx: a writer thread started earlier (`prepareXlsxThread`), else one is started here. */
  thread?: PreparedXlsxThread;
}

/** A data row as written: what the caller registers with the proposal. */
export interface WrittenRow {
  key: string;
  sheet: DataSheetKey;
  /** `readOnlyCellHash` of the row's read-only cells as written. */
  cellHash: string;
  sources: SourceRef[];
  /** The engine row the line was made from. */
  row: EngineRow;
}

export interface WrittenProposal {
  format: 'xlsx' | 'csv';
  /** Absolute target path (where `commit` puts the result). */
  targetPath: string;
  /** The temporary file (xlsx) or folder (csv) holding the written proposal until commit or discard. */
  tempPath: string;
  /**
   * sha-256 (hex) of the xlsx file; for a CSV folder, of the text `sha256sum` prints for its files
   * in CSV_FILES order then meta.json (`<hex>  <name>\n` per file).
   */
  fileSha256: string;
  metaEntries: MetaEntries;
  /** `metaHash(metaEntries)`. */
  metaSha256: string;
  /** One entry per data row (bobToCrm, crmToBob, personalFields, mapping, excluded), as written. */
  rows: Iterable<WrittenRow>;
  counts: ProposalCounts;
  /** What the person exporting should know about the file (CSV: codes Excel would change on opening). */
  warnings: string[];
  /** Moves the temporary into place, replacing an existing target (a CSV folder only if it holds nothing but export files). */
  commit(): Promise<void>;
  /** Removes the temporary; harmless after commit or a second call. */
  discard(): Promise<void>;
}

/**
 * Registers the rows. For xlsx it is called at once and the rows are made as it iterates them,
 * each handed to the workbook's writer thread on the way, so that registering overlaps writing
 * (it must iterate them all); for CSV it is called once the files are written. Its failure stops
 * the writing (the temporary is removed) and is thrown as it is.
 */
export type WhileWriting = (rows: Iterable<WrittenRow>, metaSha256: string) => Promise<void>;

/** Writes `proposal` to a temporary next to `target.path`; throws `cannot-write` when it cannot. */
export async function writeProposal(
  proposal: Proposal,
  context: ExportContext,
  target: ProposalTarget,
  whileWriting?: WhileWriting,
): Promise<WrittenProposal> {
  const targetPath = path.resolve(target.path);
  await checkTarget(targetPath, target.format);
  const tempPath = `${targetPath}.tmp-${randomBytes(6).toString('hex')}`;
  const model = sheetModel(proposal, context, target.format);
  if (target.format === 'xlsx') {
    const tooLong = model.sheets.find((sheet) => sheet.rowCount + 1 > MAX_XLSX_ROWS);
    if (tooLong !== undefined) {
      throw cannotWrite(
        targetPath,
        `the sheet ${tooLong.name} would have ${tooLong.rowCount} rows, more than an Excel sheet holds (${MAX_XLSX_ROWS - 1} below its header)`,
        'export as CSV instead',
      );
    }
  }

  // Remember what registration needs while the rows are written, so that the sheet model (cell
  // texts and hashes of 100k+ rows) is not computed a second time; the values themselves are dropped.
  // Writers may pass over a sheet more than once (column widths are sampled first): the last
  // complete pass is the one that counts.
  const registeredBySheet = new Map<DataSheetKey, WrittenRow[]>();
  const recording: WorkbookModel = {
    ...model,
    sheets: model.sheets.map((sheet) => ({
      ...sheet,
      *rows() {
        const pass: WrittenRow[] = [];
        for (const row of sheet.rows()) {
          pass.push({ key: row.key, sheet: sheet.key, cellHash: row.cellHash, sources: row.sources, row: row.row });
          yield row;
        }
        registeredBySheet.set(sheet.key, pass);
      },
    })),
  };

  const rows: Iterable<WrittenRow> = {
    *[Symbol.iterator]() {
      for (const sheet of model.sheets) {
        const registered = registeredBySheet.get(sheet.key);
        if (registered === undefined || registered.length !== sheet.rowCount) {
          throw new BobsyncError('internal', `the rows of sheet ${sheet.key} were not all written`);
        }
        yield* registered;
      }
    },
  };
  const metaSha256 = metaHash(model.meta);
  const removeTemp = (): Promise<void> => fs.promises.rm(tempPath, { recursive: true, force: true }).catch(() => undefined);

  let fileSha256: string;
  if (target.format === 'xlsx') {
    let writer: ThreadedXlsxWriter;
    try {
      writer = (target.thread ?? prepareXlsxThread()).start(recording, tempPath, { creator: 'bobsync', created: dateOf(context.createdAt) });
    } catch (error) {
      await removeTemp();
      throw asCannotWrite(targetPath, error);
    }
    // One pass makes each row, hands it to the writer's thread and to the caller (which registers
    // it meanwhile): the two threads work on the same rows at the same time.
    let handedOver = false;
    function* produce(): Generator<WrittenRow> {
      for (const sheet of recording.sheets) {
        for (const row of sheet.rows()) {
          writer.add(row.values, row.rules);
          yield { key: row.key, sheet: sheet.key, cellHash: row.cellHash, sources: row.sources, row: row.row };
        }
        writer.endSheet();
      }
      handedOver = true;
    }
    const producing = produce();
    try {
      if (whileWriting !== undefined) await whileWriting(producing, metaSha256);
      for (const _ of producing) continue; // whatever the caller left
      if (!handedOver) {
        throw new BobsyncError('internal', 'the rows of the proposal were not all handed to the workbook writer');
      }
    } catch (error) {
      const writerError = writer.failed() ? await writer.finished.then(() => error, (cause: unknown) => cause) : undefined;
      await writer.cancel();
      await removeTemp();
      throw writerError === undefined ? error : asCannotWrite(targetPath, writerError);
    }
    try {
      await writer.finished;
      fileSha256 = await fileSha256Of(tempPath);
    } catch (error) {
      await removeTemp();
      throw asCannotWrite(targetPath, error);
    }
  } else {
    try {
      await fs.promises.mkdir(tempPath);
      const { writeCsv } = await import('./write-csv.js'); // papaparse, only for a CSV export
      await writeCsv(recording, tempPath, context.csvDelimiter);
      fileSha256 = await csvFolderSha256(tempPath);
    } catch (error) {
      await removeTemp();
      throw asCannotWrite(targetPath, error);
    }
    try {
      await whileWriting?.(rows, metaSha256);
    } catch (error) {
      await removeTemp();
      throw error;
    }
  }

  let state: 'written' | 'committed' | 'discarded' = 'written';
  return {
    format: target.format,
    targetPath,
    tempPath,
    fileSha256,
    metaEntries: model.meta,
    metaSha256,
    rows,
    counts: model.counts,
    warnings: target.format === 'csv' ? csvCodeWarnings(model) : [],
    async commit() {
      if (state !== 'written') throw new BobsyncError('internal', `the proposal written to ${tempPath} was already ${state}`);
      try {
        if (target.format === 'xlsx') await fs.promises.rename(tempPath, targetPath);
        else await replaceFolder(tempPath, targetPath);
      } catch (error) {
        throw asCannotWrite(targetPath, error);
      }
      state = 'committed';
    },
    async discard() {
      if (state !== 'written') return;
      await fs.promises.rm(tempPath, { recursive: true, force: true });
      state = 'discarded';
    },
  };
}

/** Code and postcode columns: texts that Excel takes for a number or a date when it opens a CSV file. */
const CODE_COLUMNS = new Set(['bobId', 'crmId', 'newBobId', 'postcode', 'id']);
const NUMBER_OR_DATE = [
  /^0\d+$/, // loses its leading zeros
  /^\d+(?:[.,]\d+)?E[+-]?\d+$/i, // becomes a number in scientific notation
  /^\d{16,}$/, // loses digits beyond 15
  /^\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?$/, // becomes a date
];

/**
 * What Excel will change when the bookkeeper opens the CSV folder: the import forgives it in
 * read-only cells, but a decision (New BOB id) may come back changed, so the administrator is told.
 */
function csvCodeWarnings(model: WorkbookModel): string[] {
  const examples: string[] = [];
  let count = 0;
  for (const sheet of model.sheets) {
    const indexes = sheet.columns.flatMap((column, index) => (CODE_COLUMNS.has(column.key) ? [index] : []));
    for (const row of sheet.rows()) {
      for (const index of indexes) {
        const value = row.values[index];
        if (typeof value !== 'string' || !NUMBER_OR_DATE.some((pattern) => pattern.test(value))) continue;
        count += 1;
        if (examples.length < 3 && !examples.includes(value)) examples.push(value);
      }
    }
  }
  if (count === 0) return [];
  return [
    `${count} code(s) or postcode(s) look like numbers or dates to Excel (e.g. ${examples.join(', ')}): Excel changes them when it opens the CSV files. ` +
      'Prefer the xlsx format, or open the files with Data → From Text/CSV and set those columns to Text.',
  ];
}

async function checkTarget(targetPath: string, format: 'xlsx' | 'csv'): Promise<void> {
  const dir = path.dirname(targetPath);
  const folder = await statOrNull(dir).catch((error: unknown) => {
    throw asCannotWrite(targetPath, error);
  });
  if (folder === null) {
    throw cannotWrite(targetPath, `the folder ${dir} does not exist`, 'create the folder first, or choose another output path');
  }
  if (!folder.isDirectory()) throw cannotWrite(targetPath, `${dir} is not a folder`, 'choose another output path');
  try {
    await fs.promises.access(dir, fs.constants.W_OK);
  } catch (error) {
    throw asCannotWrite(targetPath, error);
  }
  const existing = await statOrNull(targetPath);
  if (existing === null) return;
  if (format === 'xlsx' && existing.isDirectory()) {
    throw cannotWrite(targetPath, 'it is a folder', 'choose a file name for the workbook');
  }
  if (format === 'csv') await checkReplaceableFolder(targetPath, existing);
}

// A CSV target is replaced as a whole; only a folder made by an earlier export may go.
async function checkReplaceableFolder(targetPath: string, existing: fs.Stats): Promise<void> {
  if (!existing.isDirectory()) throw cannotWrite(targetPath, 'it exists and is not a folder', 'choose another output path for the CSV folder');
  const ours = new Set<string>([...Object.values(CSV_FILES), CSV_META_FILE]);
  const foreign = (await fs.promises.readdir(targetPath)).filter((name) => !ours.has(name));
  if (foreign.length > 0) {
    throw cannotWrite(targetPath, `the folder holds other files (${foreign.slice(0, 3).join(', ')})`, 'choose an empty or new folder for the CSV export');
  }
}

async function replaceFolder(tempPath: string, targetPath: string): Promise<void> {
  const existing = await statOrNull(targetPath);
  if (existing === null) {
    await fs.promises.rename(tempPath, targetPath);
    return;
  }
  await checkReplaceableFolder(targetPath, existing);
  const old = `${targetPath}.old-${randomBytes(6).toString('hex')}`;
  await fs.promises.rename(targetPath, old);
  try {
    await fs.promises.rename(tempPath, targetPath);
  } catch (error) {
    await fs.promises.rename(old, targetPath).catch(() => undefined);
    throw error;
  }
  await fs.promises.rm(old, { recursive: true, force: true });
}

async function statOrNull(file: string): Promise<fs.Stats | null> {
  try {
    return await fs.promises.stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function dateOf(iso: string): Date {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

function cannotWrite(targetPath: string, reason: string, hint: string, cause?: unknown): BobsyncError {
  return new BobsyncError('cannot-write', `cannot write ${targetPath}: ${reason}`, { hint, cause });
}

/** File-system errors become `cannot-write`; anything else (a bug) passes through unchanged. */
function asCannotWrite(targetPath: string, error: unknown): unknown {
  if (error instanceof BobsyncError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return error;
  const reasons: Record<string, [string, string]> = {
    ENOENT: ['the folder does not exist', 'create the folder first, or choose another output path'],
    EACCES: ['permission denied', 'choose a folder you can write to'],
    EPERM: ['operation not permitted', 'choose a folder you can write to'],
    EROFS: ['the file system is read-only', 'choose a folder on a writable disk'],
    ENOSPC: ['the disk is full', 'free some disk space, or choose another disk'],
    EEXIST: ['a temporary file of the same name exists', 'try again'],
    EISDIR: ['it is a folder', 'choose a file name for the workbook'],
    ENOTDIR: ['a part of the path is not a folder', 'choose another output path'],
    ENOTEMPTY: ['a folder of that name is in the way', 'choose another output path'],
  };
  const [reason, hint] = reasons[code] ?? [(error as Error).message, 'check the output path and try again'];
  return cannotWrite(targetPath, reason, hint, error);
}
