/**
 * The result workbook (DESIGN §7.7), the artefact auditors archive: a copy of the imported
 * workbook's sheets as read, each data row with a `Result` column (`applied`, `skipped: stale`,
 * `failed: …`), a `Run` sheet (run id, who, when, counts, sha-256 of the imported file) and the
 * same `_meta` as the import, so that `bobsync verify` can tie it to its proposal.
 *
 * Always an .xlsx file, also for a CSV folder input: one file to archive and one sha-256 to verify.
 * Written with the exporter's streaming sheet writers to a temporary file, then renamed into place.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { COLUMNS, RESULT_COLUMN, RUN_SHEET_NAMES, SHEET_NAMES, type ColumnDef, type SheetKey } from '../../../templates/columns.js';
import type { Lang } from '../../config/types.js';
import { BobsyncError } from '../../errors.js';
import {
  createXlsxWriter,
  writeDataSheet,
  writeMetaSheet,
  writeSummarySheet,
  type XlsxDataSheet,
  type XlsxSheetOptions,
} from '../../export/write-xlsx.js';
import { parseCellAddress } from '../../workbook/cell-address.js';
import { textCell, type CellValue } from '../../workbook/cell-text.js';
import { describeCell, type RawCell } from '../../workbook/cell-value.js';
import { fileSha256Of } from '../../workbook/file-hash.js';
import { metaValue, type RawSheet, type RawWorkbook } from '../../workbook/raw-workbook.js';
import type { SummaryLine, SummarySheet } from '../../workbook/sheet-model.js';
import { locateColumns, normaliseLabel, summaryCell, type LocatedSheet } from '../locate-columns.js';


/** What the Run sheet says. */
export interface ResultRunInfo {
  runId: string;
  proposalId: string;
  /** `applied`, `partially-applied` or `dry run`. */
  status: string;
  user: string;
  startedAt: string;
  finishedAt: string;
  reviewedBy: string;
  importedPath: string;
  importedSha256: string;
  /** Label → number, in the order shown. */
  counts: Array<[string, number]>;
}

export interface WrittenResult {
  path: string;
  sha256: string;
}

const RUN_LABELS: Record<Lang, Record<'title' | 'runId' | 'proposalId' | 'status' | 'user' | 'startedAt' | 'finishedAt' | 'reviewedBy' | 'importedPath' | 'importedSha256' | 'counts', string>> = {
  en: {
    title: 'bobsync — result of the import',
    runId: 'Run',
    proposalId: 'Proposal',
    status: 'Status',
    user: 'Applied by',
    startedAt: 'Started at',
    finishedAt: 'Finished at',
    reviewedBy: 'Reviewed by',
    importedPath: 'Imported file',
    importedSha256: 'SHA-256 of the imported file',
    counts: 'Counts',
  },
  nl: {
    title: 'bobsync — resultaat van de import',
    runId: 'Uitvoering',
    proposalId: 'Voorstel',
    status: 'Status',
    user: 'Uitgevoerd door',
    startedAt: 'Gestart op',
    finishedAt: 'Beëindigd op',
    reviewedBy: 'Nagekeken door',
    importedPath: 'Ingelezen bestand',
    importedSha256: 'SHA-256 van het ingelezen bestand',
    counts: 'Aantallen',
  },
  fr: {
    title: 'bobsync — résultat de l’import',
    runId: 'Exécution',
    proposalId: 'Proposition',
    status: 'Statut',
    user: 'Appliqué par',
    startedAt: 'Commencé le',
    finishedAt: 'Terminé le',
    reviewedBy: 'Vérifié par',
    importedPath: 'Fichier importé',
    importedSha256: 'SHA-256 du fichier importé',
    counts: 'Nombres',
  },
};

/** Writes the result workbook to `target` (replacing it) and returns its sha-256. */
export async function writeResultWorkbook(
  workbook: RawWorkbook,
  results: ReadonlyMap<string, { text: string }>,
  run: ResultRunInfo,
  target: string,
  lang: Lang,
): Promise<WrittenResult> {
  const targetPath = path.resolve(target);
  const tempPath = `${targetPath}.tmp-${randomBytes(6).toString('hex')}`;
  let output: fs.WriteStream | undefined;
  try {
    output = fs.createWriteStream(tempPath, { flags: 'wx' });
    await once(output, 'open');
    const failed = new Promise<never>((_resolve, reject) => output!.once('error', reject));
    await Promise.race([writeAll(workbook, results, run, output, lang), failed]);
    const sha256 = await fileSha256Of(tempPath);
    await fs.promises.rename(tempPath, targetPath);
    return { path: targetPath, sha256 };
  } catch (error) {
    output?.destroy();
    await fs.promises.rm(tempPath, { force: true }).catch(() => undefined);
    if (error instanceof BobsyncError) throw error;
    throw new BobsyncError('cannot-write', `cannot write the result workbook ${targetPath}: ${(error as Error).message}`, {
      hint: 'check that the folder exists and may be written, or give another path with --result',
      cause: error,
    });
  }
}

async function writeAll(
  workbook: RawWorkbook,
  results: ReadonlyMap<string, { text: string }>,
  run: ResultRunInfo,
  output: fs.WriteStream,
  lang: Lang,
): Promise<void> {
  const writer = createXlsxWriter(output, { creator: 'bobsync', created: dateOf(run.finishedAt || run.startedAt) });
  const located = locateColumns(workbook);
  const options: XlsxSheetOptions = { lang, crmFieldNames: [], output };
  // A CSV folder's sheets are files (`bob-to-crm.csv`): in the workbook they get their sheet names.
  const nameOf = (key: SheetKey, sheet: RawSheet): string =>
    workbook.format === 'xlsx' ? sheet.name : (metaValue(workbook, `sheet.${key}`) ?? SHEET_NAMES[key][lang]);
  for (const sheet of workbook.sheets) {
    if (sheet === located.summary) {
      await writeSummarySheet(writer, { ...summaryOf(workbook, sheet), name: nameOf('summary', sheet) }, options);
      continue;
    }
    const data = [...located.sheets.values()].find((s) => s.sheet === sheet);
    if (data !== undefined) await writeDataSheet(writer, { ...dataSheetOf(data, results), name: nameOf(data.key, sheet) }, options);
  }
  await writeRunSheet(writer, run, lang, output);
  if (workbook.meta !== null) await writeMetaSheet(writer, workbook.meta.entries, { output });
  await writer.commit();
  if (!output.writableFinished) await once(output, 'finish');
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

function dataSheetOf(located: LocatedSheet, results: ReadonlyMap<string, { text: string }>): XlsxDataSheet {
  const header = located.sheet.rows[0]?.number === 1 ? located.sheet.rows[0] : undefined;
  const byIndex = new Map<number, ColumnDef>();
  for (const [key, index] of located.columns) byIndex.set(index, COLUMNS[located.key].find((c) => c.key === key)!);
  let width = header?.cells.length ?? 0;
  for (const row of located.dataRows) width = Math.max(width, row.cells.length);
  const columns: ColumnDef[] = [];
  const headerTexts: string[] = [];
  for (let index = 0; index < width; index += 1) {
    const label = describeCell(header?.cells[index] ?? null).text;
    // A column the workbook does not know is copied as read-only text.
    columns.push(byIndex.get(index) ?? { key: `column${index + 1}`, kind: 'text', labels: { en: label, nl: label, fr: label }, width: 14 });
    headerTexts.push(String(toCell(header?.cells[index] ?? null) ?? ''));
  }
  const lang = langOfHeader(located) ?? 'en';
  columns.push(RESULT_COLUMN);
  headerTexts.push(RESULT_COLUMN.labels[lang]);
  const keyIndex = located.columns.get('rowKey');
  return {
    name: located.sheet.name,
    columns,
    header: headerTexts,
    rowCount: located.dataRows.length,
    *rows() {
      for (const row of located.dataRows) {
        const values: CellValue[] = [];
        for (let index = 0; index < width; index += 1) values.push(toCell(row.cells[index]));
        const key = keyIndex === undefined ? '' : describeCell(row.cells[keyIndex] ?? null).text.trim();
        values.push(textCell(results.get(key)?.text ?? ''));
        yield { values };
      }
    },
  };
}

/** The language of a sheet's header (the label of its Row key column), if recognisable. */
function langOfHeader(located: LocatedSheet): Lang | undefined {
  const index = located.columns.get('rowKey');
  const header = located.sheet.rows[0];
  if (index === undefined || header === undefined) return undefined;
  const label = normaliseLabel(describeCell(header.cells[index] ?? null).text);
  const rowKey = COLUMNS[located.key].find((column) => column.key === 'rowKey')!;
  return (['nl', 'fr', 'en'] as const).find((lang) => normaliseLabel(rowKey.labels[lang]) === label);
}

async function writeRunSheet(writer: ExcelJS.stream.xlsx.WorkbookWriter, run: ResultRunInfo, lang: Lang, output: fs.WriteStream): Promise<void> {
  const labels = RUN_LABELS[lang];
  const worksheet = writer.addWorksheet(RUN_SHEET_NAMES[lang]);
  worksheet.columns = [
    { key: 'label', width: 36, style: { numFmt: '@' } },
    { key: 'value', width: 70, style: {} },
  ];
  const text: Partial<ExcelJS.Style> = { numFmt: '@', alignment: { vertical: 'top' } };
  const bold: Partial<ExcelJS.Style> = { numFmt: '@', font: { bold: true }, alignment: { vertical: 'top' } };
  const lines: Array<[CellValue, CellValue, 'title' | 'heading' | 'field']> = [
    [labels.title, null, 'title'],
    [null, null, 'field'],
    [labels.runId, run.runId, 'field'],
    [labels.proposalId, run.proposalId, 'field'],
    [labels.status, run.status, 'field'],
    [labels.user, run.user, 'field'],
    [labels.startedAt, run.startedAt, 'field'],
    [labels.finishedAt, run.finishedAt, 'field'],
    [labels.reviewedBy, run.reviewedBy, 'field'],
    [labels.importedPath, run.importedPath, 'field'],
    [labels.importedSha256, run.importedSha256, 'field'],
    [null, null, 'field'],
    [labels.counts, null, 'heading'],
    ...run.counts.map(([label, n]): [CellValue, CellValue, 'field'] => [label, n, 'field']),
  ];
  lines.forEach(([a, b, kind], index) => {
    const row = worksheet.getRow(index + 1);
    if (a !== null) {
      const cell = row.getCell(1);
      cell.value = typeof a === 'string' ? textCell(a) : a;
      cell.style = kind === 'field' ? text : kind === 'title' ? { ...bold, font: { bold: true, size: 14 } } : bold;
    }
    if (b !== null) {
      const cell = row.getCell(2);
      cell.value = typeof b === 'string' ? textCell(b) : b;
      cell.style = typeof b === 'number' ? { alignment: { vertical: 'top' } } : text;
    }
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
