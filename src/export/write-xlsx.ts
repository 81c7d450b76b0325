/**
 * Workbook content → xlsx with exceljs' streaming writer (DESIGN §6). Inline strings (no shared
 * strings part, so the streaming reader can start sooner), styles on, one row committed at a time,
 * and a real pause every PACE_EVERY rows because the writer gives no backpressure of its own.
 *
 * The per-sheet functions take a column list and a row source, so the result workbook of an
 * import can reuse them with a `Result` column appended.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { META_SHEET, isDecision, type ColumnDef, type MetaEntries } from '../../templates/columns.js';
import { textsFor } from '../../templates/texts.js';
import type { Lang } from '../config/types.js';
import { columnLetter } from '../workbook/cell-address.js';
import type { CellRule, CellTone, CellValue } from '../workbook/cell-text.js';
import { conditionChoices } from '../workbook/codecs/condition.js';
import { confirmationChoices, flagChoices } from '../workbook/codecs/flag.js';
import type { SummarySheet } from '../workbook/sheet-model.js';
import { columnWidths, type ColumnWidth } from './column-widths.js';

export type XlsxWorkbook = ExcelJS.stream.xlsx.WorkbookWriter;
type Worksheet = ExcelJS.Worksheet;

/** One line of a data sheet: its values in column order, and the cells that differ from their column. */
export interface XlsxLine {
  values: readonly CellValue[];
  rules?: readonly CellRule[];
}

/** A data sheet to write: header in row 1, one line per row from row 2. `DataSheet` fits. */
export interface XlsxDataSheet {
  name: string;
  columns: readonly ColumnDef[];
  header: readonly string[];
  rowCount: number;
  /** One pass over the rows; a second call may be made for the widths unless `widths` is given. */
  rows(): Iterable<XlsxLine> | AsyncIterable<XlsxLine>;
  /** Column widths already measured (`columnWidths`), when the rows can be passed over only once. */
  widths?: ColumnWidth[];
  /** Columns kept on screen when scrolling right (what identifies the party); default none. */
  frozen?: number;
  /** An archive (the result workbook): every cell locked, no dropdown. */
  archive?: boolean;
}

/** What `writeXlsx` writes: a `WorkbookModel`, or the same with rows arriving from elsewhere. */
export interface XlsxWorkbookModel {
  lang: Lang;
  summary: SummarySheet;
  sheets: readonly XlsxDataSheet[];
  meta: MetaEntries;
  crmFieldNames: readonly string[];
}

export interface XlsxSheetOptions {
  lang: Lang;
  /** The Summary of an archive: its decision cells locked too, without a dropdown. */
  locked?: boolean;
  /** CRM custom field names for the CRM field dropdown. */
  crmFieldNames: readonly string[];
  /** The file stream under the workbook writer: its errors stop the writing, its backlog is waited for. */
  output: Writable;
}

/** Rows between two pauses that let the zip and file streams catch up. */
export const PACE_EVERY = 1000;

/** Characters of the Summary's label column (its texts wrap beyond). */
const SUMMARY_LABEL_WIDTH = 72;

/** Points per text line at the default font size. */
const LINE_HEIGHT = 15;

/** Lines a wrapped cell needs in a column `width` characters wide. */
function lineCount(text: string, width: number): number {
  let n = 0;
  for (const line of text.split('\n')) n += Math.max(1, Math.ceil(line.length / Math.max(1, width - 1)));
  return n;
}

/** Auditors print: every column on one page width, as many pages down as needed, header repeated. */
const PRINT_SETUP: Partial<ExcelJS.PageSetup> = {
  orientation: 'landscape',
  paperSize: 9, // A4
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: '1:1',
};
/** Uncompressed sheet XML allowed to wait in front of the zipper before writing pauses. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;
/** An inline list validation longer than this makes Excel repair the file. */
const MAX_INLINE_LIST = 255;
/** Columns whose cells hold several lines. */
const MULTILINE_COLUMNS = new Set(['changes', 'candidates', 'warning', 'result', 'detail']);

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const DECISION_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
/** A row that needs the bookkeeper (orange), a failed row (red), a skipped row (grey). */
const TONE_FILLS: Record<CellTone, ExcelJS.Fill> = {
  attention: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8CBAD' } },
  failed: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } },
  skipped: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } },
};

/**
 * Protection without a password: it only guards against accidental edits of read-only cells,
 * while sorting, filtering and resizing stay allowed. No password means no hash to spin.
 */
const PROTECTION: Partial<ExcelJS.WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  sort: true,
  autoFilter: true,
  formatColumns: true,
  formatRows: true,
  spinCount: 0,
};

/** Opens a streaming workbook writer on `stream` with the settings the export relies on. */
export function createXlsxWriter(stream: Writable, properties: { creator: string; created: Date }): XlsxWorkbook {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
  workbook.creator = properties.creator;
  workbook.lastModifiedBy = properties.creator;
  workbook.created = properties.created;
  workbook.modified = properties.created;
  // The Summary (first sheet) is the active tab; `_meta` is never first.
  workbook.views = [{ x: 0, y: 0, width: 24000, height: 16000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return workbook;
}

/** Writes a whole workbook model (Summary, data sheets, `_meta`) to `output` and finishes it. */
export async function writeXlsx(model: XlsxWorkbookModel, output: Writable, properties: { creator: string; created: Date }): Promise<void> {
  const failed = failureOf(output);
  const workbook = createXlsxWriter(output, properties);
  const options: XlsxSheetOptions = { lang: model.lang, crmFieldNames: model.crmFieldNames, output };
  await Promise.race([
    (async () => {
      await writeSummarySheet(workbook, model.summary, options);
      for (const sheet of model.sheets) await writeDataSheet(workbook, sheet, options);
      await writeMetaSheet(workbook, model.meta, options);
      await workbook.commit();
    })(),
    failed,
  ]);
}

/** Writes one data sheet: styled frozen header, locked read-only cells, coloured unlocked decisions, dropdowns. */
export async function writeDataSheet(workbook: XlsxWorkbook, sheet: XlsxDataSheet, options: XlsxSheetOptions): Promise<void> {
  const { columns } = sheet;
  const lastColumn = columnLetter(columns.length - 1);
  const lastRow = 1 + sheet.rowCount;
  const frozen = sheet.frozen ?? 0;
  const worksheet = workbook.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', xSplit: frozen, ySplit: 1, topLeftCell: `${columnLetter(frozen)}2`, activeCell: 'A2' }],
    pageSetup: PRINT_SETUP,
  });

  const widths = sheet.widths ?? columnWidths({ columns, header: sheet.header, rows: () => syncRows(sheet) });
  const multiline = columns.map((column, index) => MULTILINE_COLUMNS.has(column.key) || widths[index]!.multiline);
  worksheet.columns = columns.map((column, index) => ({
    key: column.key,
    width: widths[index]!.width,
    // A text column stays text when the user types in an empty cell.
    style: column.kind === 'number' ? {} : { numFmt: '@' },
  }));
  worksheet.autoFilter = `A1:${lastColumn}${lastRow}`;

  // One style object per column: exceljs caches style ids by object identity.
  const headerStyle: Partial<ExcelJS.Style> = {
    font: { bold: true },
    fill: HEADER_FILL,
    alignment: { vertical: 'top', wrapText: true },
    border: { bottom: { style: 'thin' } },
  };
  const archive = sheet.archive === true;
  const cellStyles = columns.map((column, index) => cellStyle(column, multiline[index]!, archive));
  // The variants a row's cell rules ask for, made once per column (style ids are cached by identity).
  const lockedStyles = columns.map((column, index) => cellStyle(column, multiline[index]!, true));
  const toneStyles = (['attention', 'failed', 'skipped'] as const).map(
    (tone) => [tone, columns.map((column, index) => ({ ...cellStyle(column, multiline[index]!, archive), fill: TONE_FILLS[tone] }))] as const,
  );
  const toned = new Map(toneStyles);

  const header = worksheet.getRow(1);
  sheet.header.forEach((label, index) => {
    const cell = header.getCell(index + 1);
    cell.value = label;
    cell.style = headerStyle;
  });
  header.commit();

  let rowNumber = 1;
  for await (const line of sheet.rows()) {
    rowNumber += 1;
    const row = worksheet.getRow(rowNumber);
    let lines = 1;
    for (let index = 0; index < columns.length; index += 1) {
      const cell = row.getCell(index + 1);
      const value = line.values[index] ?? null;
      // Strings are written as strings, never as `{ formula }`.
      cell.value = value;
      cell.style = cellStyles[index]!;
      if (multiline[index] && typeof value === 'string') lines = Math.max(lines, lineCount(value, widths[index]!.width));
    }
    for (const rule of line.rules ?? []) {
      const cell = row.getCell(rule.column + 1);
      if (rule.tone !== undefined) cell.style = toned.get(rule.tone)![rule.column]!;
      else if (rule.locked === true) cell.style = lockedStyles[rule.column]!;
      if (rule.choices !== undefined && !archive) {
        const validation = inlineList(rule.choices, options.lang);
        if (validation !== null) addValidation(worksheet, `${columnLetter(rule.column)}${rowNumber}`, validation);
      }
    }
    // Neither Excel nor Calc grows a row for wrapped text written by a library: set the height.
    if (lines > 1) row.height = Math.min(LINE_HEIGHT * lines, 409);
    row.commit();
    if (rowNumber % PACE_EVERY === 0) await pace(worksheet, options.output);
  }

  if (sheet.rowCount > 0 && !archive) {
    columns.forEach((column, index) => {
      const validation = dropdownFor(column, options);
      if (validation !== null) {
        const letter = columnLetter(index);
        addValidation(worksheet, `${letter}2:${letter}${lastRow}`, validation);
      }
    });
  }
  await worksheet.protect('', { ...PROTECTION });
  await commitSheet(worksheet, options.output);
}

/** Writes the Summary: texts and counts locked, the confirmation (Yes/No dropdown) and Reviewed by unlocked. */
export async function writeSummarySheet(workbook: XlsxWorkbook, summary: SummarySheet, options: XlsxSheetOptions): Promise<void> {
  const worksheet = workbook.addWorksheet(summary.name, { pageSetup: { ...PRINT_SETUP, orientation: 'portrait' } });
  worksheet.columns = [
    { key: 'label', width: SUMMARY_LABEL_WIDTH, style: { numFmt: '@' } },
    { key: 'value', width: 44, style: {} },
  ];
  const plain: Partial<ExcelJS.Style> = { alignment: { vertical: 'top' } };
  // Labels and instructions wrap: none is cut off.
  const text: Partial<ExcelJS.Style> = { numFmt: '@', alignment: { vertical: 'top', wrapText: true } };
  const bold: Partial<ExcelJS.Style> = { numFmt: '@', font: { bold: true }, alignment: { vertical: 'top', wrapText: true } };
  const title: Partial<ExcelJS.Style> = { numFmt: '@', font: { bold: true, size: 14 } };
  const decision: Partial<ExcelJS.Style> = options.locked === true ? { numFmt: '@', border: box() } : { numFmt: '@', fill: DECISION_FILL, protection: { locked: false }, border: box() };

  summary.lines.forEach((line, index) => {
    const row = worksheet.getRow(index + 1);
    const [a, b] = line.cells;
    const isDecisionLine = line.kind === 'confirm' || line.kind === 'reviewedBy';
    if (a !== null || line.kind !== 'blank') {
      const cellA = row.getCell(1);
      cellA.value = a;
      cellA.style = line.kind === 'title' ? title : line.kind === 'heading' || isDecisionLine ? bold : text;
    }
    if (b !== null || isDecisionLine) {
      const cellB = row.getCell(2);
      cellB.value = b;
      cellB.style = isDecisionLine ? decision : typeof b === 'number' ? plain : text;
    }
    const lines = Math.max(typeof a === 'string' ? lineCount(a, SUMMARY_LABEL_WIDTH) : 1, typeof b === 'string' ? lineCount(b, 44) : 1);
    if (lines > 1 && line.kind !== 'title') row.height = Math.min(LINE_HEIGHT * lines, 409);
    row.commit();
  });

  const { lang } = options;
  if (options.locked !== true) addValidation(worksheet, summary.confirmCell, listValidation(confirmationChoices(lang), lang));
  await worksheet.protect('', { ...PROTECTION });
  await commitSheet(worksheet, options.output);
}

/** Writes the very hidden `_meta` sheet: key in A, value in B. */
export async function writeMetaSheet(workbook: XlsxWorkbook, entries: MetaEntries, options: Pick<XlsxSheetOptions, 'output'>): Promise<void> {
  const worksheet = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  worksheet.columns = [
    { key: 'key', width: 24, style: { numFmt: '@' } },
    { key: 'value', width: 60, style: { numFmt: '@' } },
  ];
  const style: Partial<ExcelJS.Style> = { numFmt: '@' };
  entries.forEach(([key, value], index) => {
    const row = worksheet.getRow(index + 1);
    const cellA = row.getCell(1);
    cellA.value = key;
    cellA.style = style;
    const cellB = row.getCell(2);
    cellB.value = value === '' ? null : value;
    cellB.style = style;
    row.commit();
  });
  await worksheet.protect('', { ...PROTECTION });
  await commitSheet(worksheet, options.output);
}

/** The dropdown of a decision column, or null for free input (Link to CRM id, New BOB id, Value, Note). */
export function dropdownFor(column: ColumnDef, options: Pick<XlsxSheetOptions, 'lang' | 'crmFieldNames'>): ExcelJS.DataValidation | null {
  const { lang } = options;
  const prompts = textsFor(lang).validation;
  if (column.kind === 'flag') return withPrompt(listValidation(flagChoices(lang), lang), column.labels[lang], prompts.flagPrompt);
  // Said where it is set: a condition is not a filter on its own field.
  if (column.key === 'condition') return withPrompt(listValidation(conditionChoices(lang), lang), column.labels[lang], prompts.conditionPrompt);
  if (column.key === 'crmField') return inlineList(options.crmFieldNames.filter((name) => name !== ''), lang);
  return null;
}

/** A list validation of `items`, or null when they cannot be an inline list (validation is advisory: import re-checks every value). */
function inlineList(items: readonly string[], lang: Lang): ExcelJS.DataValidation | null {
  if (items.length === 0 || items.some((item) => /[",]/.test(item)) || items.join(',').length > MAX_INLINE_LIST) return null;
  return listValidation(items, lang);
}

/** The validation with the message Excel shows when the cell is selected (title ≤ 32, text ≤ 255 characters). */
function withPrompt(validation: ExcelJS.DataValidation, title: string, prompt: string): ExcelJS.DataValidation {
  return { ...validation, showInputMessage: true, promptTitle: title.slice(0, 32), prompt: prompt.slice(0, 255) };
}

function listValidation(items: readonly string[], lang: Lang): ExcelJS.DataValidation {
  const texts = textsFor(lang).validation;
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${items.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: texts.errorTitle,
    error: texts.listError,
  };
}

// The typings of exceljs 4.4.0 leave out `dataValidations`; the streaming writer has it and writes
// the address as one `<dataValidation sqref>`.
function addValidation(worksheet: Worksheet, range: string, validation: ExcelJS.DataValidation): void {
  (worksheet as unknown as { dataValidations: { add(address: string, value: ExcelJS.DataValidation): void } }).dataValidations.add(
    range,
    validation,
  );
}

function cellStyle(column: ColumnDef, wrap: boolean, locked = false): Partial<ExcelJS.Style> {
  const alignment: Partial<ExcelJS.Alignment> = wrap ? { vertical: 'top', wrapText: true } : { vertical: 'top' };
  if (isDecision(column) && !locked) return { numFmt: '@', alignment, fill: DECISION_FILL, protection: { locked: false }, border: box() };
  if (column.kind === 'number') return { alignment };
  return { numFmt: '@', alignment };
}

function box(): Partial<ExcelJS.Borders> {
  const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
  return { top: thin, left: thin, bottom: thin, right: thin };
}

function syncRows(sheet: XlsxDataSheet): Iterable<{ values: readonly CellValue[] }> {
  const rows = sheet.rows();
  if (!(Symbol.iterator in rows)) throw new Error(`the sheet ${sheet.name} needs its widths: its rows can be read only once`);
  return rows;
}

/**
 * Lets the zipper and the file catch up. exceljs hands each 64 KB of sheet XML to the zip entry
 * without waiting, so in a tight loop the uncompressed XML piles up in memory, and a bare macrotask
 * turn lets only a chunk or two through. So wait while the sheet's unconsumed XML is over
 * MAX_PENDING_BYTES, and while the file stream is over its high-water mark. (Measured with 300k
 * B2C rows: about 100 MB above the input's own memory, against 300 MB and growing without it.)
 */
async function pace(worksheet: Worksheet, output: Writable): Promise<void> {
  await delay(0);
  for (;;) {
    if (output.destroyed) throw output.errored ?? new Error('the output stream was closed while writing');
    if (pendingBytes(worksheet) <= MAX_PENDING_BYTES) break;
    await delay(1);
  }
  if (output.writableNeedDrain) await once(output, 'drain');
}

// Internals of exceljs 4.4.0: the sheet's XML stream (a StreamBuf) keeps `buffers` not yet handed
// on, and hands the rest to its `pipes` (a readable-stream PassThrough in front of the zipper,
// which buffers whatever it is given). Absent internals count as nothing pending.
interface StreamState {
  length?: number;
}
interface PipeInternals {
  _writableState?: StreamState;
  _readableState?: StreamState;
}
function pendingBytes(worksheet: Worksheet): number {
  const stream = (worksheet as unknown as { stream?: { buffers?: Array<{ length: number }>; pipes?: PipeInternals[] } }).stream;
  let pending = 0;
  for (const buffer of stream?.buffers ?? []) pending += buffer.length;
  for (const pipe of stream?.pipes ?? []) pending += (pipe._writableState?.length ?? 0) + (pipe._readableState?.length ?? 0);
  return pending;
}

async function commitSheet(worksheet: Worksheet, output: Writable): Promise<void> {
  worksheet.commit();
  await pace(worksheet, output);
}

/** A promise that rejects when `stream` fails (and never resolves otherwise). */
function failureOf(stream: Writable): Promise<never> {
  return new Promise((_resolve, reject) => {
    stream.once('error', reject);
  });
}
