/**
 * Finds the sheets and columns of an edited workbook by what they are, never by position: a sheet
 * by its name in any language (or `_meta`'s `sheet.<key>`, or a CSV file name), a column by its
 * header label in any language (or its key). Columns may be reordered by a re-save.
 */
import { COLUMNS, CSV_FILES, DATA_SHEETS, SHEET_NAMES, type DataSheetKey, type SheetKey } from '../../templates/columns.js';
import { restore } from '../workbook/neutralise.js';
import { cellText } from '../workbook/cell-value.js';
import { cellFinding, columnLetter, rowFinding, type Finding } from './finding.js';
import { metaValue, type RawRow, type RawSheet, type RawWorkbook } from '../workbook/raw-workbook.js';

export interface LocatedSheet {
  key: DataSheetKey;
  sheet: RawSheet;
  /** Column key → 0-based column index in the file. */
  columns: Map<string, number>;
  /** Column keys not found; the sheet's rows cannot be read at all when `rowKey` is among them. */
  missing: string[];
  /** Rows below the header (row 1). */
  dataRows: RawRow[];
}

export interface LocatedWorkbook {
  summary: RawSheet | null;
  sheets: Map<DataSheetKey, LocatedSheet>;
  findings: Finding[];
  notes: string[];
}

/** Label text compared loosely: neutralising undone, typographic apostrophes, case and spacing ignored. */
export function normaliseLabel(text: string): string {
  return restore(text.trim())
    .normalize('NFC')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Maps every sheet of `workbook` to its key and every header cell of a data sheet to its column key. */
export function locateColumns(workbook: RawWorkbook): LocatedWorkbook {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const byKey = new Map<SheetKey, RawSheet>();
  for (const sheet of workbook.sheets) {
    const key = sheetKeyOf(workbook, sheet.name);
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
  const labels = (header?.cells ?? []).map((cell) => normaliseLabel(cellText(cell)));
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
      notes.push(`${sheet.name}: column ${columnLetter(index)} ("${cellText(header!.cells[index])}") was taken as "${columnKey}" by its position.`);
    }
  });

  labels.forEach((label, index) => {
    if (label !== '' && !claimed.has(index)) {
      notes.push(`${sheet.name}: column ${columnLetter(index)} ("${cellText(header!.cells[index])}") is not part of the workbook and was ignored.`);
    }
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
  return { key, sheet, columns, missing, dataRows: header ? sheet.rows.slice(1) : sheet.rows };
}
