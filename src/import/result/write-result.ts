/**
 * Copies of the imported workbook that go back to people, written with the exporter's streaming
 * sheet writers to a temporary file, then renamed into place; always an .xlsx file, also for a CSV
 * folder input (one file to hand over, archive and verify):
 *
 * - the **result workbook** (DESIGN §7.7), the artefact auditors archive: each data row with a
 *   Result column (`applied`, `skipped: stale`, `failed: …`) in the workbook's language, failed and
 *   skipped rows coloured, every cell locked, a Run sheet (run id, who, when, counts, sha-256 of the
 *   imported file) and the same `_meta`, so that `verify` ties it to its proposal and a partly
 *   applied run can be finished by importing it again;
 * - the **findings workbook**: the bookkeeper's own workbook with a Findings column per row, the
 *   offending cells marked and a Findings sheet (cell, what is wrong, what to do); decisions stay
 *   editable, so the bookkeeper fixes that very file and sends it back: it imports like the original.
 *
 * Both copy every cell as read, so the read-only cells hash as exported.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import {
  COLUMNS,
  FINDINGS_COLUMN,
  FINDINGS_SHEET_NAMES,
  FROZEN_COLUMNS,
  NEW_KEYWORD,
  RESULT_COLUMN,
  RUN_SHEET_NAMES,
  SHEET_NAMES,
  type ColumnDef,
  type SheetKey,
} from '../../../templates/columns.js';
import { textsFor, type WorkbookTexts } from '../../../templates/texts.js';
import type { Lang } from '../../config/types.js';
import type { DataSheetKey } from '../../engine/model.js';
import type { OperationKind } from '../../engine/plan-model.js';
import { BobsyncError } from '../../errors.js';
import {
  createXlsxWriter,
  writeDataSheet,
  writeMetaSheet,
  writeSummarySheet,
  type XlsxDataSheet,
  type XlsxLine,
  type XlsxSheetOptions,
} from '../../export/write-xlsx.js';
import { brusselsTime } from '../../workbook/brussels-time.js';
import { columnIndex, parseCellAddress } from '../../workbook/cell-address.js';
import { textCell, type CellRule, type CellTone, type CellValue } from '../../workbook/cell-text.js';
import { describeCell, type RawCell } from '../../workbook/cell-value.js';
import { fileSha256Of } from '../../workbook/file-hash.js';
import { metaValue, type RawSheet, type RawWorkbook } from '../../workbook/raw-workbook.js';
import type { SummaryLine, SummarySheet } from '../../workbook/sheet-model.js';
import { findingText } from '../finding-catalog.js';
import type { Finding } from '../finding.js';
import { locateColumns, summaryCell, type LocatedSheet } from '../locate-columns.js';

/** One row's result, as the Result column says it. */
export interface ResultLine {
  status: 'applied' | 'would apply' | 'skipped' | 'failed' | 'not-run';
  /** The skip reason (`not this time`, `condition XSECTOR`) or the failure, else empty. */
  reason: string;
}

/** What the Run sheet counts: the rows by result, and (after an apply) the operations. */
export interface RunSheetCounts {
  rows: Array<{ line: ResultLine; count: number }>;
  operations: { total: number; applied: number; earlier: number; failed: number; notRun: number; byKind: Partial<Record<OperationKind, number>> } | null;
}

/** What the Run sheet says. */
export interface ResultRunInfo {
  runId: string;
  proposalId: string;
  status: 'applied' | 'partially-applied' | 'dry run';
  user: string;
  startedAt: string;
  finishedAt: string;
  reviewedBy: string;
  importedPath: string;
  importedSha256: string;
  counts: RunSheetCounts;
}

export interface WrittenResult {
  path: string;
  sha256: string;
}

/** The Result column's text of a row, in the workbook's language. */
export function resultText(line: ResultLine, lang: Lang): string {
  const t = textsFor(lang).results;
  switch (line.status) {
    case 'applied':
      return t.applied;
    case 'would apply':
      return t.wouldApply;
    case 'not-run':
      return t.notRun;
    case 'failed':
      return line.reason === '' ? t.failed : `${t.failed}: ${line.reason}`;
    case 'skipped':
      return `${t.skipped}: ${skipReasonText(line.reason, t)}`;
  }
}

function skipReasonText(reason: string, t: WorkbookTexts['results']): string {
  if (reason.startsWith('condition ')) return `${t.condition} ${reason.slice('condition '.length)}`;
  return t.skipReasons[reason as keyof WorkbookTexts['results']['skipReasons']] ?? reason;
}

function toneOf(line: ResultLine | undefined): CellTone | undefined {
  if (line === undefined) return undefined;
  return line.status === 'failed' || line.status === 'not-run' ? 'failed' : line.status === 'skipped' ? 'skipped' : undefined;
}

/** Writes the result workbook to `target` (a new file) and returns its sha-256. */
export async function writeResultWorkbook(
  workbook: RawWorkbook,
  results: ReadonlyMap<string, ResultLine>,
  run: ResultRunInfo,
  target: string,
  lang: Lang,
): Promise<WrittenResult> {
  return writeCopy(target, 'result', dateOf(run.finishedAt || run.startedAt), async (writer, output) => {
    await writeSheets(writer, output, workbook, lang, {
      column: RESULT_COLUMN,
      archive: true,
      line(rowKey) {
        const result = results.get(rowKey);
        // A coloured row reads as one line across the sheet.
        return { text: result === undefined ? '' : resultText(result, lang), rules: [], rowTone: toneOf(result) };
      },
    });
    await writeRunSheet(writer, run, lang, output);
  });
}

/**
 * Writes the findings workbook to `target` (a new file): the imported workbook with a Findings
 * column, the offending cells marked, and a Findings sheet; it imports like the original.
 */
export async function writeFindingsWorkbook(
  workbook: RawWorkbook,
  findings: readonly Finding[],
  target: string,
  lang: Lang,
  created: Date,
): Promise<WrittenResult> {
  const byRow = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.sheet}\u0000${finding.row}`;
    const list = byRow.get(key);
    if (list === undefined) byRow.set(key, [finding]);
    else list.push(finding);
  }
  return writeCopy(target, 'findings', created, async (writer, output) => {
    await writeSheets(writer, output, workbook, lang, {
      column: FINDINGS_COLUMN,
      archive: false,
      line(_rowKey, sheet, rowNumber, located) {
        const mine = byRow.get(`${sheet.name}\u0000${rowNumber}`) ?? [];
        const rules: CellRule[] = [...linkRules(located, sheet, rowNumber, lang)];
        let rowTone: CellTone | undefined;
        for (const finding of mine) {
          // The offending cell is marked; a finding about the whole row marks the row.
          if (finding.column === '') rowTone = 'failed';
          else rules.push({ column: columnIndex(finding.column), tone: 'failed' });
        }
        return { text: mine.map((finding) => findingText(finding, lang).what).join('\n'), rules, rowTone, annotationTone: mine.length > 0 ? 'failed' : undefined };
      },
    });
    await writeFindingsSheet(writer, findings, lang, output);
  });
}

/** Link to CRM id as the export made it: a list on rows with candidates (read back from the Candidates cell), locked elsewhere. */
function linkRules(located: LocatedSheet | undefined, sheet: RawSheet, rowNumber: number, lang: Lang): CellRule[] {
  if (located === undefined || located.key !== 'bobToCrm') return [];
  const link = located.columns.get('linkToCrmId');
  const candidates = located.columns.get('candidates');
  if (link === undefined || candidates === undefined) return [];
  const row = sheet.rows.find((r) => r.number === rowNumber);
  const lines = describeCell(row?.cells[candidates] ?? null).text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) return [{ column: link, locked: true }];
  return [{ column: link, choices: [...lines.map((line) => line.split(' ')[0]!), NEW_KEYWORD[lang]] }];
}

interface Annotation {
  column: ColumnDef;
  archive: boolean;
  /**
   * A row's annotation: its text, cell rules (by the columns of the file as read), and the tone of
   * the whole row or of the annotation cell alone.
   */
  line(rowKey: string, sheet: RawSheet, rowNumber: number, located: LocatedSheet): { text: string; rules: CellRule[]; rowTone?: CellTone; annotationTone?: CellTone };
}

async function writeCopy(
  target: string,
  what: 'result' | 'findings',
  created: Date,
  write: (writer: ExcelJS.stream.xlsx.WorkbookWriter, output: fs.WriteStream) => Promise<void>,
): Promise<WrittenResult> {
  const targetPath = path.resolve(target);
  const tempPath = `${targetPath}.tmp-${randomBytes(6).toString('hex')}`;
  let output: fs.WriteStream | undefined;
  try {
    output = fs.createWriteStream(tempPath, { flags: 'wx' });
    await once(output, 'open');
    const failed = new Promise<never>((_resolve, reject) => output!.once('error', reject));
    await Promise.race(
      [
        (async () => {
          const writer = createXlsxWriter(output!, { creator: 'bobsync', created });
          await write(writer, output!);
          await writer.commit();
          if (!output!.writableFinished) await once(output!, 'finish');
        })(),
        failed,
      ],
    );
    const sha256 = await fileSha256Of(tempPath);
    await fs.promises.rename(tempPath, targetPath);
    return { path: targetPath, sha256 };
  } catch (error) {
    output?.destroy();
    await fs.promises.rm(tempPath, { force: true }).catch(() => undefined);
    if (error instanceof BobsyncError) throw error;
    throw new BobsyncError('cannot-write', `cannot write the ${what} workbook ${targetPath}: ${(error as Error).message}`, {
      hint: `check that the folder exists and may be written, or give another path with --${what}`,
      cause: error,
    });
  }
}

/** The imported workbook's Summary and data sheets, each data row with the annotation column, then `_meta`. */
async function writeSheets(writer: ExcelJS.stream.xlsx.WorkbookWriter, output: fs.WriteStream, workbook: RawWorkbook, lang: Lang, annotation: Annotation): Promise<void> {
  const located = locateColumns(workbook);
  const options: XlsxSheetOptions = { lang, crmFieldNames: [], output };
  // A CSV folder's sheets are files (`bob-to-crm.csv`): in the workbook they get their sheet names.
  const nameOf = (key: SheetKey, sheet: RawSheet): string =>
    workbook.format === 'xlsx' ? sheet.name : (metaValue(workbook, `sheet.${key}`) ?? SHEET_NAMES[key][lang]);
  for (const sheet of workbook.sheets) {
    if (sheet === located.summary) {
      await writeSummarySheet(writer, { ...summaryOf(workbook, sheet), name: nameOf('summary', sheet) }, { ...options, locked: annotation.archive });
      continue;
    }
    const data = [...located.sheets.values()].find((s) => s.sheet === sheet);
    if (data !== undefined) await writeDataSheet(writer, { ...dataSheetOf(data, annotation, lang), name: nameOf(data.key, sheet) }, options);
  }
  if (workbook.meta !== null) await writeMetaSheet(writer, workbook.meta.entries, { output });
}

/** A cell as read, written back the way the export writes text (sanitised). */
function toCell(raw: RawCell | undefined): CellValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return raw;
  const info = describeCell(raw);
  if (info.formula === null && info.type === 'number' && info.number !== null) return info.number;
  return textCell(info.text);
}

function summaryOf(workbook: RawWorkbook, sheet: RawSheet): SummarySheet {
  const last = sheet.rows.length === 0 ? 0 : sheet.rows[sheet.rows.length - 1]!.number;
  const lines: SummaryLine[] = Array.from({ length: last }, () => ({ kind: 'blank', cells: [null, null] }));
  for (const row of sheet.rows) {
    lines[row.number - 1] = { kind: 'text', cells: [toCell(row.cells[0]), toCell(row.cells[1])] };
  }
  // Where the Summary holds no such cell any more, the dropdown goes below what is there.
  const confirmCell = summaryCell(workbook, sheet, 'confirmCell')?.address ?? `B${last + 2}`;
  const reviewedByCell = summaryCell(workbook, sheet, 'reviewedByCell')?.address ?? `B${last + 3}`;
  for (const [cell, kind] of [
    [confirmCell, 'confirm'],
    [reviewedByCell, 'reviewedBy'],
  ] as const) {
    const address = parseCellAddress(cell);
    if (address === null || address.col !== 1) continue;
    while (lines.length < address.row) lines.push({ kind: 'blank', cells: [null, null] });
    lines[address.row - 1]!.kind = kind;
  }
  return { name: sheet.name, lines, confirmCell, reviewedByCell };
}

function dataSheetOf(located: LocatedSheet, annotation: Annotation, lang: Lang): XlsxDataSheet {
  const header = located.sheet.rows[0]?.number === 1 ? located.sheet.rows[0] : undefined;
  const byIndex = new Map<number, ColumnDef>();
  for (const [key, index] of located.columns) byIndex.set(index, COLUMNS[located.key].find((c) => c.key === key)!);
  // The annotation column of an earlier copy (a result imported again) is not copied: it is written anew.
  const skipped = new Set(located.annotations);
  let width = header?.cells.length ?? 0;
  for (const row of located.dataRows) width = Math.max(width, row.cells.length);
  const kept: number[] = [];
  for (let index = 0; index < width; index += 1) if (!skipped.has(index)) kept.push(index);
  const columns: ColumnDef[] = [];
  const headerTexts: string[] = [];
  for (const index of kept) {
    const label = describeCell(header?.cells[index] ?? null).text;
    // A column the workbook does not know is copied as read-only text.
    columns.push(byIndex.get(index) ?? { key: `column${index + 1}`, kind: 'text', labels: { en: label, nl: label, fr: label }, width: 14 });
    headerTexts.push(String(toCell(header?.cells[index] ?? null) ?? ''));
  }
  columns.push(annotation.column);
  headerTexts.push(annotation.column.labels[lang]);
  const keyIndex = located.columns.get('rowKey');
  const position = new Map(kept.map((index, at) => [index, at]));
  return {
    name: located.sheet.name,
    columns,
    header: headerTexts,
    rowCount: located.dataRows.length,
    frozen: FROZEN_COLUMNS[located.key as DataSheetKey],
    archive: annotation.archive,
    *rows(): Generator<XlsxLine> {
      for (const row of located.dataRows) {
        const values: CellValue[] = kept.map((index) => toCell(row.cells[index]));
        const key = keyIndex === undefined ? '' : describeCell(row.cells[keyIndex] ?? null).text.trim();
        const line = annotation.line(key, located.sheet, row.number, located);
        values.push(textCell(line.text));
        // Rules name columns of the file as read; here they are where the copy puts them.
        const placed: CellRule[] = [];
        if (line.rowTone !== undefined) for (let at = 0; at < columns.length; at++) placed.push({ column: at, tone: line.rowTone });
        else if (line.annotationTone !== undefined) placed.push({ column: columns.length - 1, tone: line.annotationTone });
        for (const rule of line.rules) {
          const at = position.get(rule.column);
          if (at !== undefined) placed.push({ ...rule, column: at });
        }
        yield placed.length > 0 ? { values, rules: placed } : { values };
      }
    },
  };
}

async function writeRunSheet(writer: ExcelJS.stream.xlsx.WorkbookWriter, run: ResultRunInfo, lang: Lang, output: fs.WriteStream): Promise<void> {
  const texts = textsFor(lang);
  const t = texts.run;
  const lines: Array<[CellValue, CellValue, 'title' | 'heading' | 'field']> = [
    [t.title, null, 'title'],
    [null, null, 'field'],
    [t.runId, run.runId, 'field'],
    [t.proposalId, run.proposalId, 'field'],
    [t.status, t.statuses[run.status], 'field'],
    [t.user, run.user, 'field'],
    [t.startedAt, brusselsTime(run.startedAt), 'field'],
    [t.finishedAt, brusselsTime(run.finishedAt), 'field'],
    [t.times, `${texts.summary.timesValue}`, 'field'],
    [t.reviewedBy, run.reviewedBy, 'field'],
    [t.importedPath, run.importedPath, 'field'],
    [t.importedSha256, run.importedSha256, 'field'],
    [null, null, 'field'],
    [t.counts, null, 'heading'],
    ...run.counts.rows.map(({ line, count }): [CellValue, CellValue, 'field'] => [`${t.rows} ${resultText(line, lang)}`, count, 'field']),
  ];
  const ops = run.counts.operations;
  if (ops !== null) {
    lines.push(
      [t.operations, ops.total, 'field'],
      [t.operationsApplied, ops.applied, 'field'],
      [t.operationsEarlier, ops.earlier, 'field'],
      [t.operationsFailed, ops.failed, 'field'],
      [t.operationsNotRun, ops.notRun, 'field'],
      ...Object.entries(ops.byKind).map(([kind, n]): [CellValue, CellValue, 'field'] => [`${t.appliedKind}: ${texts.operations[kind as OperationKind]}`, n ?? 0, 'field']),
    );
  }
  await writeListSheet(writer, RUN_SHEET_NAMES[lang], [36, 70], lines.map(([a, b, kind]) => ({ cells: [a, b], kind })), output);
}

async function writeFindingsSheet(writer: ExcelJS.stream.xlsx.WorkbookWriter, findings: readonly Finding[], lang: Lang, output: fs.WriteStream): Promise<void> {
  const t = textsFor(lang).findings;
  const lines: Array<{ cells: CellValue[]; kind: 'title' | 'heading' | 'field' }> = [
    { cells: [t.title], kind: 'title' },
    { cells: [t.intro], kind: 'field' },
    { cells: [null], kind: 'field' },
    { cells: [t.cell, t.what, t.todo], kind: 'heading' },
    ...findings.map((finding) => {
      const text = findingText(finding, lang);
      return { cells: [finding.cell || finding.sheet, text.what, text.todo] as CellValue[], kind: 'field' as const };
    }),
  ];
  await writeListSheet(writer, FINDINGS_SHEET_NAMES[lang], [28, 70, 60], lines, output);
}

/** A small sheet of label/value lines (the Run and Findings sheets), every cell locked. */
async function writeListSheet(
  writer: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  widths: number[],
  lines: Array<{ cells: CellValue[]; kind: 'title' | 'heading' | 'field' }>,
  output: fs.WriteStream,
): Promise<void> {
  const worksheet = writer.addWorksheet(name);
  worksheet.columns = widths.map((width, index) => ({ key: `c${index}`, width, style: index === 0 ? { numFmt: '@' } : {} }));
  const text: Partial<ExcelJS.Style> = { numFmt: '@', alignment: { vertical: 'top', wrapText: true } };
  const bold: Partial<ExcelJS.Style> = { numFmt: '@', font: { bold: true }, alignment: { vertical: 'top', wrapText: true } };
  lines.forEach(({ cells, kind }, index) => {
    const row = worksheet.getRow(index + 1);
    cells.forEach((value, column) => {
      if (value === null) return;
      const cell = row.getCell(column + 1);
      cell.value = typeof value === 'string' ? textCell(value) : value;
      cell.style = typeof value === 'number' ? { alignment: { vertical: 'top' } } : kind === 'field' ? text : kind === 'title' ? { ...bold, font: { bold: true, size: 14 } } : bold;
    });
    row.commit();
  });
  await worksheet.protect('', { selectLockedCells: true, selectUnlockedCells: true, spinCount: 0 });
  worksheet.commit();
  if (output.writableNeedDrain) await once(output, 'drain');
}

function dateOf(iso: string): Date {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}
