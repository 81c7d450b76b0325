/**
 * Builders for import tests: a small proposal, exported with the real exporter to a temporary
 * folder, its registration (ProposalRecord + rows, without a database), and helpers to edit the
 * exported workbook cell by cell, addressed by row key and column key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { registrationRecords } from '../../src/app/proposal-registration.js';
import type { Lang } from '../../src/config/types.js';
import type { B2CRow, C2BRow, ExcludedRow, MappingRow, PersonalFieldRow, Proposal, DataSheetKey } from '../../src/engine/model.js';
import { writeProposal } from '../../src/export/write-proposal.js';
import type { ValidationContext, RegisteredProposal } from '../../src/import/validate-decisions.js';
import type { ProposalRecord } from '../../src/sources/state/state-port.js';
import type { ExportContext } from '../../src/workbook/sheet-model.js';
import { COLUMNS, CSV_FILES, SHEET_NAMES, type SheetKey } from '../../templates/columns.js';

export function aB2CRow(overrides: Partial<B2CRow> = {}): B2CRow {
  const bobId = overrides.bobId ?? 'ACME';
  return {
    key: `B2C:${bobId}`,
    action: 'create-crm',
    bobId,
    crmId: '',
    name: 'Acme NV',
    vat: 'BE0403019261',
    vatProblem: '',
    postcode: '1050',
    city: 'Elsene',
    contacts: 2,
    matchedBy: '',
    changes: [],
    candidates: [],
    sources: [{ kind: 'bob', id: bobId, fingerprint: 'f1' }],
    ...overrides,
  };
}

export function aC2BRow(overrides: Partial<C2BRow> = {}): C2BRow {
  const crmId = overrides.crmId ?? '99';
  return {
    key: `C2B:${crmId}`,
    action: 'create-bob',
    crmId,
    name: 'Zeta BV',
    vat: 'BE0987654321',
    postcode: '9000',
    city: 'Gent',
    persons: 1,
    newBobId: 'ZETA',
    sources: [{ kind: 'crm', id: crmId, fingerprint: 'f2' }],
    ...overrides,
  };
}

export function aPersonalFieldRow(overrides: Partial<PersonalFieldRow> = {}): PersonalFieldRow {
  const column = overrides.column ?? 'XSECTOR';
  return {
    key: `PF:${column}`,
    column,
    label: 'Sector',
    crmField: 'comp_sector',
    crmCaption: 'Sector',
    selected: true,
    condition: '',
    value: '',
    ...overrides,
  };
}

export function aMappingRow(overrides: Partial<MappingRow> = {}): MappingRow {
  const bobId = overrides.bobId ?? 'OLD';
  const crmId = overrides.crmId ?? '7';
  return {
    key: `MAP:${bobId}|${crmId}`,
    bobId,
    crmId,
    name: 'Old Customer',
    noSync: false,
    linkedAt: '2024-01-02T03:04:05Z',
    lastSyncAt: '',
    sources: [],
    ...overrides,
  };
}

export function anExcludedRow(overrides: Partial<ExcludedRow> = {}): ExcludedRow {
  return { key: 'EXC:B:SUP', side: 'bob', id: 'SUP', name: 'Supplier Only', vat: '', reason: 'supplier', detail: '', ...overrides };
}

/**
 * The standard proposal: row 2 creates ACME, row 3 is a Choose with candidates 43 and 57
 * (BOB code `0042`), row 4 links by VAT to CRM 61; C2B rows with codes ZETA and `0123`; two
 * personal fields; a mapping row; an exclusion.
 */
export function aProposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    bobToCrm: [
      aB2CRow(),
      aB2CRow({
        bobId: '0042',
        key: 'B2C:0042',
        action: 'choose',
        name: 'Dubbel NV',
        vat: 'BE0202239951',
        postcode: '0123',
        candidates: [
          { crmId: '43', name: 'Dubbel A', vat: 'BE0202239951', postcode: '', reason: 'vat' },
          { crmId: '57', name: 'Dubbel B', vat: 'BE0202239951', postcode: '1000', reason: 'vat' },
        ],
      }),
      aB2CRow({ bobId: 'LINKME', key: 'B2C:LINKME', action: 'link', crmId: '61', matchedBy: 'vat', name: 'Link Me' }),
    ],
    crmToBob: [aC2BRow(), aC2BRow({ crmId: '98', key: 'C2B:98', name: 'Nul BV', newBobId: '0123' })],
    personalFields: [
      aPersonalFieldRow(),
      aPersonalFieldRow({ column: 'XSIZE', key: 'PF:XSIZE', label: 'Size', crmField: '', selected: false, condition: '>', value: '-5' }),
    ],
    mapping: [aMappingRow()],
    excluded: [anExcludedRow()],
    ...overrides,
  };
}

export const CRM_FIELDS = ['comp_sector', 'comp_size', 'comp_region'];

export function aContext(overrides: Partial<ValidationContext> = {}): ValidationContext {
  return {
    bobIdsInUse: new Set(['ACME', 'INUSE']),
    crmFieldNames: new Set(CRM_FIELDS),
    linkedCrmIds: new Set(['7']),
    bobIdPattern: /^[A-Z0-9_-]{1,10}$/,
    ...overrides,
  };
}

export interface Exported {
  dir: string;
  /** The xlsx file or the CSV folder. */
  path: string;
  format: 'xlsx' | 'csv';
  lang: Lang;
  registered: RegisteredProposal;
  cleanup(): void;
}

/** Exports `proposal` with the real exporter into a fresh temporary folder and registers it in memory. */
export async function exportProposal(
  options: { format?: 'xlsx' | 'csv'; lang?: Lang; proposal?: Proposal; delimiter?: ';' | ',' | '\t' } = {},
): Promise<Exported> {
  const format = options.format ?? 'xlsx';
  const lang = options.lang ?? 'en';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bobsync-'));
  const target = path.join(dir, format === 'xlsx' ? 'proposal.xlsx' : 'proposal');
  const context: ExportContext = {
    proposalId: 'P-0001',
    createdAt: '2025-03-01T09:00:00Z',
    createdBy: 'tester',
    lang,
    bobDescription: 'embedded test.sqlite',
    crmDescription: 'simulator',
    crmFields: CRM_FIELDS.map((name) => ({ name, caption: name, type: 'text' })),
    csvDelimiter: options.delimiter ?? ';',
  };
  const written = await writeProposal(options.proposal ?? aProposal(), context, { format, path: target });
  await written.commit();
  const proposal: ProposalRecord = {
    id: context.proposalId,
    createdAt: context.createdAt,
    createdBy: context.createdBy,
    format,
    lang,
    fileSha256: written.fileSha256,
    metaSha256: written.metaSha256,
    outputPath: target,
    status: 'open',
    appliedRun: '',
  };
  const rows = new Map([...registrationRecords(context.proposalId, written.rows)].map((row) => [row.key, row]));
  return { dir, path: target, format, lang, registered: { proposal, rows }, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Opens an exported xlsx with exceljs (in memory: fine for small test files), edits it, saves it in place. */
export async function editXlsx(file: string, edit: (workbook: ExcelJS.Workbook) => void | Promise<void>): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  await edit(workbook);
  await workbook.xlsx.writeFile(file);
}

/** The worksheet of a sheet key in `lang`. */
export function sheetOf(workbook: ExcelJS.Workbook, key: SheetKey, lang: Lang = 'en'): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(SHEET_NAMES[key][lang]);
  if (!sheet) throw new Error(`no sheet ${SHEET_NAMES[key][lang]}`);
  return sheet;
}

/** The 1-based column of `columnKey` on sheet `key`, as the export writes it. */
export function columnOf(key: DataSheetKey, columnKey: string): number {
  const col = COLUMNS[key].findIndex((c) => c.key === columnKey) + 1;
  if (col === 0) throw new Error(`no column ${columnKey}`);
  return col;
}

/** The cell of a data row (found by its row key) and column key (its position in the contract). */
export function cellAt(workbook: ExcelJS.Workbook, key: DataSheetKey, rowKey: string, columnKey: string, lang: Lang = 'en'): ExcelJS.Cell {
  const sheet = sheetOf(workbook, key, lang);
  const col = columnOf(key, columnKey);
  const keyCol = columnOf(key, 'rowKey');
  for (let r = 2; r <= sheet.rowCount; r++) {
    if (sheet.getRow(r).getCell(keyCol).value === rowKey) return sheet.getRow(r).getCell(col);
  }
  throw new Error(`no row ${rowKey}`);
}

/** Sets cells of an exported xlsx: `[sheet, rowKey, columnKey, value]`. */
export async function setCells(file: string, edits: Array<[DataSheetKey, string, string, ExcelJS.CellValue]>, lang: Lang = 'en'): Promise<void> {
  await editXlsx(file, (workbook) => {
    for (const [sheet, rowKey, columnKey, value] of edits) cellAt(workbook, sheet, rowKey, columnKey, lang).value = value;
  });
}

/** Reads one CSV file of an exported folder as rows of strings (BOM stripped). */
export function readCsvRows(folder: string, key: SheetKey): string[][] {
  const text = fs.readFileSync(path.join(folder, CSV_FILES[key]), 'utf8').replace(/^\uFEFF/, '');
  return Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true }).data;
}

/** Writes rows back as one CSV file of the folder, as Excel would save it (BOM, CRLF, chosen delimiter). */
export function writeCsvRows(folder: string, key: SheetKey, rows: string[][], delimiter: ';' | ',' | '\t' = ';', bom = true): void {
  const text = Papa.unparse(rows, { delimiter, newline: '\r\n' });
  fs.writeFileSync(path.join(folder, CSV_FILES[key]), (bom ? '\uFEFF' : '') + text + '\r\n', 'utf8');
}
