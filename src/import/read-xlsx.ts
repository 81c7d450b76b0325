/**
 * Reads an .xlsx workbook with exceljs' streaming reader (never the in-memory `Workbook`, which
 * expands every validation range cell by cell), one part at a time.
 *
 * exceljs' own zip loop is not used: it drops the parts that follow the sheets when the file is
 * read faster than they are parsed (unzipper's Parse ends on `finish`), which loses the sheet
 * names, styles or even sheets of files whose workbook.xml comes last (exceljs writes it last);
 * it also spools every sheet to a temporary file, and decodes each chunk of XML on its own, so a
 * character split across two chunks turns into U+FFFD. Instead the parts are opened directly
 * from the zip's central directory (checked by `inspectZip`; `openPart` holds each part to its
 * declared size), in dependency order, and handed to the reader's part parsers as UTF-8 text streams.
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { META_SHEET, type MetaEntries } from '../../templates/columns.js';
import { BobsyncError } from '../errors.js';
import { shownText, detachText, normaliseCell, type RawCell } from '../workbook/cell-value.js';
import type { RawRow, RawSheet, RawWorkbook, SheetState } from '../workbook/raw-workbook.js';
import { LIMIT_HINT, type ImportLimits } from './import-limits.js';
import { openPart, type ZipEntryInfo } from './zip-guard.js';

/** The part parsers of exceljs 4.4.0's streaming WorkbookReader (internal, stable in the pinned version). */
interface PartReader {
  workbookRels?: Array<{ Id: string; Target: string; Type?: string }>;
  model?: { sheets?: Array<{ id: number; name: string; rId: string; state?: string }> };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: StreamingWorksheet }>;
}
interface StreamingWorksheet {
  [Symbol.asyncIterator](): AsyncGenerator<{ number: number; values: unknown[] }>;
}

const WORKBOOK_PART = 'xl/workbook.xml';
const WORKBOOK_RELS_PART = 'xl/_rels/workbook.xml.rels';

/** Reads every sheet of an xlsx into normalised rows; `_meta` is returned apart. */
export async function readXlsx(path: string, entries: readonly ZipEntryInfo[], limits: ImportLimits): Promise<Omit<RawWorkbook, 'fileSha256'>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    entries: 'emit',
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'cache', // dates are told from numbers by their number format
    hyperlinks: 'ignore', // a hyperlink cell then reads as its text
  }) as unknown as PartReader;
  const parts = new Map(entries.map((entry) => [entry.name, entry]));
  const opened: Readable[] = [];
  const open = (name: string): Readable => {
    const entry = parts.get(name);
    if (entry === undefined) throw corrupt(path, `the part ${name} is missing`);
    const stream = openPart(path, entry);
    opened.push(stream);
    return stream;
  };

  const sheets: RawSheet[] = [];
  const notes: string[] = [];
  let meta: RawWorkbook['meta'] = null;
  try {
    await reader._parseRels(open(WORKBOOK_RELS_PART));
    await reader._parseWorkbook(open(WORKBOOK_PART));
    const rels = reader.workbookRels ?? [];
    const partOf = (rId: string): string | undefined => {
      const target = rels.find((rel) => rel.Id === rId)?.Target;
      return target === undefined ? undefined : target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    };
    const partOfType = (type: string, usual: string): string => {
      const rel = rels.find((r) => r.Type?.endsWith(`/${type}`));
      return (rel && partOf(rel.Id)) ?? usual;
    };
    const stylesPart = partOfType('styles', 'xl/styles.xml');
    if (parts.has(stylesPart)) await reader._parseStyles(open(stylesPart));
    const stringsPart = partOfType('sharedStrings', 'xl/sharedStrings.xml');
    if (parts.has(stringsPart)) {
      // In `cache` mode the generator yields nothing: it fills the reader's shared strings table.
      for await (const _ of reader._parseSharedStrings(open(stringsPart))) continue;
    }

    for (const sheet of reader.model?.sheets ?? []) {
      const part = partOf(sheet.rId);
      if (part === undefined) throw corrupt(path, `the sheet "${sheet.name}" has no part`);
      const sheetNo = /(\d+)\.xml$/.exec(part)?.[1] ?? String(sheet.id);
      const state: SheetState = sheet.state === 'hidden' || sheet.state === 'veryHidden' ? sheet.state : 'visible';
      const rows = await readSheet(path, sheet.name, reader, open(part), sheetNo, limits, notes);
      if (sheet.name === META_SHEET) meta = { entries: metaEntriesOf(rows), state };
      else sheets.push({ name: sheet.name, state, rows });
    }
  } catch (error) {
    if (error instanceof BobsyncError) throw error;
    throw new BobsyncError('bad-input', `${path} cannot be read as an .xlsx workbook.`, {
      hint: 'Open it in Excel or LibreOffice, save it again as .xlsx, then import again.',
      cause: error,
    });
  } finally {
    for (const stream of opened) stream.destroy();
  }
  return { format: 'xlsx', path, meta, sheets, ...(notes.length > 0 ? { notes } : {}) };
}

async function readSheet(
  path: string,
  name: string,
  reader: PartReader,
  part: Readable,
  sheetNo: string,
  limits: ImportLimits,
  notes: string[],
): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  let seen = 0;
  let clipped = false;
  for (const { value: worksheet } of reader._parseWorksheet(part, sheetNo)) {
    for await (const row of worksheet) {
      if (++seen > limits.maxRowsPerSheet) {
        throw new BobsyncError('bad-input', `${path}: sheet "${name}" has more than ${limits.maxRowsPerSheet} rows.`, {
          hint: LIMIT_HINT,
        });
      }
      const { cells, clipped: rowClipped } = compactRow(row.values, limits.maxColumns);
      clipped ||= rowClipped;
      if (cells.length > 0) rows.push({ number: row.number, cells });
    }
  }
  if (clipped) notes.push(`Sheet "${name}": cells beyond column ${limits.maxColumns} were ignored.`);
  return rows;
}

function corrupt(path: string, what: string): BobsyncError {
  return new BobsyncError('bad-input', `${path} is not a readable .xlsx workbook: ${what}.`, {
    hint: 'Open it in Excel or LibreOffice, save it again as .xlsx, then import again.',
  });
}

/** exceljs' 1-based sparse `values` → 0-based cells, holes as null, trailing blanks dropped. */
function compactRow(values: unknown[], maxColumns: number): { cells: RawCell[]; clipped: boolean } {
  const cells: RawCell[] = [];
  let clipped = false;
  for (let col = 1; col < values.length; col++) {
    const value = values[col];
    if (value === undefined || value === null) continue;
    const normalised = normaliseCell(value);
    if (normalised === null) continue;
    const cell = typeof normalised === 'string' ? detachText(normalised) : normalised;
    if (col > maxColumns) {
      clipped = true;
      break;
    }
    while (cells.length < col - 1) cells.push(null);
    cells[col - 1] = cell;
  }
  return { cells, clipped };
}

/** `_meta`: key in A, value in B, in row order. */
function metaEntriesOf(rows: RawRow[]): MetaEntries {
  const entries: MetaEntries = [];
  for (const row of rows) {
    const key = shownText(row.cells[0]);
    if (key !== '') entries.push([key, shownText(row.cells[1])]);
  }
  return entries;
}
