/**
 * Reads a CSV folder written by `analyse`: `meta.json` plus one file per sheet (CSV_FILES).
 * Excel may have re-saved a file with another delimiter (its list separator) or in the ANSI code
 * page, so the delimiter is read from each header line and a file that is not UTF-8 is read as
 * Windows-1252 (reference §3.3, §3.4). Files are parsed as a stream: never held whole in memory.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { CSV_FILES, CSV_META_FILE, type MetaEntries, type SheetKey } from '../../templates/columns.js';
import { BobsyncError } from '../errors.js';
import { detachText, type RawCell } from '../workbook/cell-value.js';
import { restore } from '../workbook/neutralise.js';
import type { RawRow, RawSheet, RawWorkbook } from '../workbook/raw-workbook.js';
import { formatBytes, LIMIT_HINT, type ImportLimits } from './import-limits.js';

export type CsvDelimiter = ';' | ',' | '\t';
const DELIMITERS: CsvDelimiter[] = [';', ',', '\t'];
/** Longest header line looked at to find the delimiter. */
const MAX_HEADER_CHARS = 1024 * 1024;

const NOT_A_FOLDER_HINT = 'Give the folder written by `bobsync analyse --format csv` (it holds meta.json), or the .xlsx file.';

/** Reads meta.json and every sheet file present, in CSV_FILES order; a missing sheet file is left out. */
export async function readCsvFolder(dir: string, limits: ImportLimits): Promise<Omit<RawWorkbook, 'fileSha256'>> {
  const metaPath = join(dir, CSV_META_FILE);
  const metaSize = await sizeOf(metaPath);
  if (metaSize === null) {
    throw new BobsyncError('bad-input', `${dir} is not a bobsync CSV folder: it has no ${CSV_META_FILE}.`, { hint: NOT_A_FOLDER_HINT });
  }
  let total = checkSize(metaPath, metaSize, limits);
  const entries = parseMeta(metaPath, await readFile(metaPath));
  const preferred = entries.find(([k]) => k === 'csvDelimiter')?.[1];

  const sheets: RawSheet[] = [];
  const notes: string[] = [];
  for (const key of Object.keys(CSV_FILES) as SheetKey[]) {
    const file = join(dir, CSV_FILES[key]);
    const size = await sizeOf(file);
    if (size === null) continue;
    total += checkSize(file, size, limits);
    if (total > limits.maxFileBytes) {
      throw new BobsyncError('bad-input', `${dir} is larger than ${formatBytes(limits.maxFileBytes)}; it was refused unread.`, {
        hint: LIMIT_HINT,
      });
    }
    const { rows, notes: fileNotes, lossyEncoding } = await readCsvFile(file, limits, isDelimiter(preferred) ? preferred : undefined);
    notes.push(...fileNotes.map((n) => `${CSV_FILES[key]}: ${n}`));
    sheets.push({ name: CSV_FILES[key], state: 'visible', rows, ...(lossyEncoding !== undefined ? { lossyEncoding } : {}) });
  }
  return { format: 'csv', path: dir, meta: { entries, state: 'visible' }, sheets, ...(notes.length > 0 ? { notes } : {}) };
}

const isDelimiter = (d: string | undefined): d is CsvDelimiter => DELIMITERS.includes(d as CsvDelimiter);

async function sizeOf(file: string): Promise<number | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

function checkSize(file: string, size: number, limits: ImportLimits): number {
  if (size > limits.maxFileBytes) {
    throw new BobsyncError('bad-input', `${file} is larger than ${formatBytes(limits.maxFileBytes)}; it was refused unread.`, {
      hint: LIMIT_HINT,
    });
  }
  return size;
}

function parseMeta(file: string, bytes: Buffer): MetaEntries {
  const bad = (what: string, cause?: unknown) =>
    new BobsyncError('bad-input', `${file} is not a bobsync meta.json: ${what}.`, {
      hint: 'Export the proposal again; never edit meta.json.',
      cause,
    });
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw bad('it is not valid JSON', error);
  }
  const entries = (json as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries) || !entries.every((e) => Array.isArray(e) && e.length === 2 && e.every((x) => typeof x === 'string'))) {
    throw bad('`entries` must be a list of [key, value] text pairs');
  }
  return entries as MetaEntries;
}

/**
 * Reads one CSV file as rows of text cells (empty → null). `preferred` (meta's `csvDelimiter`)
 * wins when the header line contains it; otherwise the most frequent of `;` `,` tab is used.
 */
export async function readCsvFile(
  file: string,
  limits: Pick<ImportLimits, 'maxRowsPerSheet' | 'maxColumns'>,
  preferred?: CsvDelimiter,
): Promise<{ rows: RawRow[]; delimiter: CsvDelimiter; notes: string[]; lossyEncoding?: 'windows-1252' }> {
  try {
    return await parseCsv(file, 'utf-8', limits, preferred);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw error;
    const result = await parseCsv(file, 'windows-1252', limits, preferred);
    result.notes.unshift('not UTF-8: read as Windows-1252 (Excel\'s "CSV (Comma delimited)"); save as "CSV UTF-8" next time.');
    return { ...result, lossyEncoding: 'windows-1252' };
  }
}

async function parseCsv(
  file: string,
  encoding: 'utf-8' | 'windows-1252',
  limits: Pick<ImportLimits, 'maxRowsPerSheet' | 'maxColumns'>,
  preferred: CsvDelimiter | undefined,
): Promise<{ rows: RawRow[]; delimiter: CsvDelimiter; notes: string[] }> {
  const source = decodeFile(file, encoding);
  let head = '';
  for (let next = await source.next(); !next.done; next = await source.next()) {
    head += next.value;
    if (firstRecordEnd(head) >= 0 || head.length > MAX_HEADER_CHARS) break;
  }
  head = head.replace(/^(\uFEFF|ï»¿)/, '');
  const end = firstRecordEnd(head);
  const headerLine = end >= 0 ? head.slice(0, end) : head;
  const delimiter = detectDelimiter(headerLine, preferred);

  const input = Readable.from(
    (async function* () {
      if (head) yield head;
      yield* source;
    })(),
  );
  const rows: RawRow[] = [];
  const notes: string[] = [];
  let number = 0;
  let clipped = false;
  let failure: unknown = null;
  try {
    await new Promise<void>((resolve, reject) => {
      Papa.parse<string[]>(input as unknown as File, {
      delimiter,
      dynamicTyping: false,
      skipEmptyLines: false,
      step(results, parser) {
        number++;
        if (number > limits.maxRowsPerSheet) {
          failure = new BobsyncError('bad-input', `${file} has more than ${limits.maxRowsPerSheet} rows.`, {
            hint: LIMIT_HINT,
          });
          parser.abort();
          return;
        }
        for (const e of results.errors) if (e.type === 'Quotes') notes.push(`row ${number}: ${e.message}`);
        const values = results.data;
        const cells: RawCell[] = [];
        let last = -1;
        for (let i = 0; i < values.length; i++) {
          if (i >= limits.maxColumns) {
            clipped ||= values.slice(i).some((v) => v !== '');
            break;
          }
          // Excel and the export keep a line break in a cell as LF (XML readers do the same).
          const v = values[i]!.includes('\r') ? values[i]!.replace(/\r\n?/g, '\n') : values[i]!;
          // The export neutralised every text: undo it here, so that the rest of import sees the texts themselves.
          cells.push(v === '' ? null : detachText(restore(v)));
          if (v !== '') last = i;
        }
        cells.length = last + 1;
        if (cells.length > 0) rows.push({ number, cells });
      },
      complete: () => (failure ? reject(failure) : resolve()),
      error: (error: unknown) => reject(error),
    });
    });
  } finally {
    input.destroy();
  }
  if (clipped) notes.push(`cells beyond column ${limits.maxColumns} were ignored.`);
  return { rows, delimiter, notes };
}

async function* decodeFile(file: string, encoding: 'utf-8' | 'windows-1252'): AsyncGenerator<string> {
  // A UTF-8 TextDecoder drops the BOM itself; `fatal` makes a non-UTF-8 file fail instead of filling it with U+FFFD.
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  for await (const chunk of createReadStream(file)) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Index of the first line break outside quotes, or -1. */
function firstRecordEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) return i;
  }
  return -1;
}

/**
 * The delimiter of a header line: `preferred` when it occurs outside quotes, else the most
 * frequent of `;` `,` tab (ties in that order), else `preferred` or `;`. PapaParse's own guesser is
 * not used: it misreads decimal commas (PapaParse #290, #1005).
 */
export function detectDelimiter(headerLine: string, preferred?: CsvDelimiter): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as CsvDelimiter)) counts.set(ch as CsvDelimiter, counts.get(ch as CsvDelimiter)! + 1);
  }
  if (preferred && counts.get(preferred)! > 0) return preferred;
  let best: CsvDelimiter | undefined;
  for (const d of DELIMITERS) if (counts.get(d)! > 0 && (best === undefined || counts.get(d)! > counts.get(best)!)) best = d;
  return best ?? preferred ?? ';';
}
