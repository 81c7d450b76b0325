/**
 * Finds the sheets and columns of an edited workbook by what they are, never by position: a sheet
 * by its name in any language (or `_meta`'s `sheet.<key>`, or a CSV file name), a column by its
 * header label in any language (or its key). Columns may be reordered by a re-save.
 */
import {
  COLUMNS,
  CSV_FILES,
  DATA_SHEETS,
  SHEET_NAMES,
  SUMMARY_LABELS,
  type SheetKey,
  FINDINGS_COLUMN,
  FINDINGS_SHEET_NAMES,
  RESULT_COLUMN,
  RUN_SHEET_NAMES,
} from '../../templates/columns.js';
import type { Lang } from '../config/types.js';
import type { DataSheetKey } from '../engine/model.js';
import { columnLetter, parseCellAddress } from '../workbook/cell-address.js';
import { describeCell, shownText, type RawCell } from '../workbook/cell-value.js';
import { metaValue, type RawRow, type RawSheet, type RawWorkbook } from '../workbook/raw-workbook.js';
import { cellFinding, rowFinding, type Finding } from './finding.js';

export interface LocatedSheet {
  key: DataSheetKey;
  sheet: RawSheet;
  /** Column key → 0-based column index in the file. */
  columns: Map<string, number>;
  /** Column keys not found; the sheet's rows cannot be read at all when `rowKey` is among them. */
  missing: string[];
  /** Rows below the header (row 1). */
  dataRows: RawRow[];
  /** Columns a result or findings workbook added (Result, Findings): not read, not copied again. */
  annotations: number[];
}

export interface LocatedWorkbook {
  summary: RawSheet | null;
  sheets: Map<DataSheetKey, LocatedSheet>;
  findings: Finding[];
  notes: string[];
}

/** Label text compared loosely: typographic apostrophes, case and spacing ignored. */
export function normaliseLabel(text: string): string {
  return text
    .trim()
    .normalize('NFC')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const located = new WeakMap<RawWorkbook, LocatedWorkbook>();

/** What a result or findings workbook adds to the proposal's sheets, in any language. */
const ADDED_SHEETS = new Set([...Object.values(RUN_SHEET_NAMES), ...Object.values(FINDINGS_SHEET_NAMES)]);
const ADDED_COLUMN_LABELS = new Set([...Object.values(RESULT_COLUMN.labels), ...Object.values(FINDINGS_COLUMN.labels)].map(normaliseLabel));

/**
 * Maps every sheet of `workbook` to its key and every header cell of a data sheet to its column key.
 * Pure, and worked out once per workbook: validation, the fresh reads, the result workbook and
 * `verify` all ask.
 */
export function locateColumns(workbook: RawWorkbook): LocatedWorkbook {
  let result = located.get(workbook);
  if (result === undefined) located.set(workbook, (result = locate(workbook)));
  return result;
}

function locate(workbook: RawWorkbook): LocatedWorkbook {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const byKey = new Map<SheetKey, RawSheet>();
  for (const sheet of workbook.sheets) {
    const key = sheetKeyOf(workbook, sheet.name);
    // The sheet a result or findings workbook adds: it is read again without a word.
    if (key === null && ADDED_SHEETS.has(sheet.name)) continue;
    if (key === null) notes.push(`Sheet "${sheet.name}" is not part of a bobsync workbook and was ignored.`);
    else if (byKey.has(key)) notes.push(`Sheet "${sheet.name}" repeats sheet "${byKey.get(key)!.name}" and was ignored.`);
    else byKey.set(key, sheet);
  }

  const sheets = new Map<DataSheetKey, LocatedSheet>();
  for (const key of DATA_SHEETS) {
    const sheet = byKey.get(key);
    if (sheet !== undefined) sheets.set(key, locateSheet(workbook, key, sheet, findings, notes));
  }
  return { summary: byKey.get('summary') ?? null, sheets, findings, notes };
}

/** The Summary cells that hold decisions, by their `_meta` key. */
export type SummaryDecision = 'confirmCell' | 'reviewedByCell';

const SUMMARY_DECISION_LABELS: Record<SummaryDecision, Readonly<Record<Lang, string>>> = {
  confirmCell: SUMMARY_LABELS.confirm,
  reviewedByCell: SUMMARY_LABELS.reviewedBy,
};

export interface SummaryCell {
  /** 1-based row. */
  row: number;
  /** 0-based column. */
  col: number;
  /** `B31`. */
  address: string;
  value: RawCell;
}

/**
 * Where a Summary decision is, the one answer for validation, the result workbook and `verify`: on
 * the row whose column A holds its label (any language), else on `_meta`'s row; in `_meta`'s
 * column (B when `_meta` names none). Null when neither finds it.
 */
export function summaryCell(workbook: RawWorkbook, summary: RawSheet, decision: SummaryDecision): SummaryCell | null {
  const address = parseCellAddress(metaValue(workbook, decision) ?? '');
  const col = address?.col ?? 1;
  const wanted = new Set(Object.values(SUMMARY_DECISION_LABELS[decision]).map(normaliseLabel));
  const labelled = summary.rows.find((row) => wanted.has(normaliseLabel(describeCell(row.cells[0]).text)));
  const rowNumber = labelled?.number ?? address?.row;
  if (rowNumber === undefined) return null;
  const row = labelled ?? summary.rows.find((r) => r.number === rowNumber);
  return { row: rowNumber, col, address: `${columnLetter(col)}${rowNumber}`, value: row?.cells[col] ?? null };
}

function sheetKeyOf(workbook: RawWorkbook, name: string): SheetKey | null {
  const keys = Object.keys(SHEET_NAMES) as SheetKey[];
  const fromMeta = keys.find((key) => metaValue(workbook, `sheet.${key}`) === name);
  if (fromMeta) return fromMeta;
  const wanted = normaliseLabel(name);
  const fromLabel = keys.find((key) => Object.values(SHEET_NAMES[key]).some((label) => normaliseLabel(label) === wanted));
  if (fromLabel) return fromLabel;
  return keys.find((key) => CSV_FILES[key] === name) ?? null;
}

function locateSheet(workbook: RawWorkbook, key: DataSheetKey, sheet: RawSheet, findings: Finding[], notes: string[]): LocatedSheet {
  const definitions = COLUMNS[key];
  const header = sheet.rows[0]?.number === 1 ? sheet.rows[0] : undefined;
  const labels = (header?.cells ?? []).map((cell) => normaliseLabel(shownText(cell)));
  const columns = new Map<string, number>();
  const claimed = new Set<number>();

  labels.forEach((label, index) => {
    if (label === '') return;
    const definition = definitions.find(
      (column) => normaliseLabel(column.key) === label || Object.values(column.labels).some((l) => normaliseLabel(l) === label),
    );
    if (definition === undefined) return;
    if (columns.has(definition.key)) {
      const first = columnLetter(columns.get(definition.key)!);
      findings.push(
        cellFinding(
          'duplicate-column',
          sheet.name,
          1,
          index,
          '',
          `Column ${columnLetter(index)} repeats the column "${definition.labels.en}" of column ${first}: delete the copy.`,
        ),
      );
      claimed.add(index);
      return;
    }
    columns.set(definition.key, index);
    claimed.add(index);
  });

  // A header that was retyped (possible in a CSV file) is still found at its exported position.
  const exportedOrder = metaValue(workbook, `columns.${key}`)?.split(',') ?? [];
  exportedOrder.forEach((columnKey, index) => {
    if (columns.has(columnKey) || claimed.has(index) || !definitions.some((c) => c.key === columnKey)) return;
    if (index < labels.length && labels[index] !== '') {
      columns.set(columnKey, index);
      claimed.add(index);
      notes.push(`${sheet.name}: column ${columnLetter(index)} ("${shownText(header!.cells[index])}") was taken as "${columnKey}" by its position.`);
    }
  });

  const annotations: number[] = [];
  labels.forEach((label, index) => {
    if (label === '' || claimed.has(index)) return;
    if (ADDED_COLUMN_LABELS.has(label)) annotations.push(index);
    else notes.push(`${sheet.name}: column ${columnLetter(index)} ("${shownText(header!.cells[index])}") is not part of the workbook and was ignored.`);
  });

  const missing = definitions.filter((column) => !columns.has(column.key)).map((column) => column.key);
  for (const columnKey of missing) {
    const label = definitions.find((c) => c.key === columnKey)!.labels;
    findings.push(
      rowFinding(
        'missing-column',
        sheet.name,
        1,
        '',
        `The column "${label.en}" (${label.nl} / ${label.fr}) is missing from row 1` +
          (columnKey === 'rowKey' ? ', so no row of this sheet can be read' : '') +
          ': restore the header, or export the proposal again.',
      ),
    );
  }
  return { key, sheet, columns, missing, dataRows: header ? sheet.rows.slice(1) : sheet.rows, annotations };
}
