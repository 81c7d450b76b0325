/**
 * Proposal → workbook content, without any file format (DESIGN §6). Pure: no exceljs, papaparse
 * or fs. Data rows are produced lazily by generators over the proposal's arrays, so a 300k-row
 * proposal is never copied into a second array of cells. Every text is already sanitised and
 * neutralised here, so xlsx and CSV write the very same cell texts and a row's `cellHash` is the
 * hash of exactly what is in the file.
 */
import {
  ACTION_LABELS,
  COLUMNS,
  DATA_SHEETS,
  FORMAT_VERSION,
  SHEET_NAMES,
  SUMMARY_LABELS,
  type ColumnDef,
  type MetaEntries,
  type SheetKey,
} from '../../templates/columns.js';
import { textsFor, type WorkbookTexts } from '../../templates/texts.js';
import type { Lang } from '../config/types.js';
import type { B2CRow, CrmField, EngineRow, FieldChange, FitNote, Proposal, SourceRef, DataSheetKey } from '../engine/model.js';
import { readOnlyCellHash, readOnlyTexts } from './cell-hash.js';
import { textCell, type CellValue } from './cell-text.js';
import { renderCondition } from './codecs/condition.js';
import { renderConfirmation, renderFlag } from './codecs/flag.js';
import { formatCandidates } from './codecs/link.js';
import { neutralise } from './neutralise.js';

/** What the export needs besides the proposal. Descriptions must not hold secrets. */
export interface ExportContext {
  proposalId: string;
  /** ISO time. */
  createdAt: string;
  createdBy: string;
  lang: Lang;
  /** E.g. `SQL Server bob.example.local / BOB50` (no password). */
  bobDescription: string;
  /** E.g. `https://crm.example.local/sdata/crmj/sagecrm2/-/` (no user or password). */
  crmDescription: string;
  /** CRM custom fields offered in the Personal fields dropdown. */
  crmFields: CrmField[];
  csvDelimiter: ';' | ',' | '\t';
}

export type ExportFormat = 'xlsx' | 'csv';

export interface DataRow {
  key: string;
  /** One value per column, in column order. */
  values: CellValue[];
  /** `readOnlyCellHash` of the read-only cells' text as written. */
  cellHash: string;
  sources: SourceRef[];
  /** The engine row this line was made from. */
  row: EngineRow;
}

export interface DataSheet {
  key: DataSheetKey;
  name: string;
  columns: ColumnDef[];
  /** Row 1: the column labels, neutralised like every text. */
  header: string[];
  rowCount: number;
  /** A fresh pass over the rows each call. */
  rows(): Generator<DataRow>;
}

export type SummaryLineKind = 'title' | 'heading' | 'field' | 'count' | 'text' | 'blank' | 'confirm' | 'reviewedBy';

/** One Summary row (row number = index + 1): label in column A, value in column B. */
export interface SummaryLine {
  kind: SummaryLineKind;
  cells: [CellValue, CellValue];
}

export interface SummarySheet {
  name: string;
  lines: SummaryLine[];
  /** E.g. `B31`. */
  confirmCell: string;
  reviewedByCell: string;
}

/** Per data sheet: `rows` (total) and per action, reason or flag. */
export type ProposalCounts = Record<DataSheetKey, Record<string, number>>;

export interface WorkbookModel {
  lang: Lang;
  summary: SummarySheet;
  /** In workbook order: bobToCrm, crmToBob, personalFields, mapping, excluded. */
  sheets: DataSheet[];
  meta: MetaEntries;
  counts: ProposalCounts;
  /** CRM custom field names, for the CRM field dropdown. */
  crmFieldNames: string[];
}

/** Builds the workbook content of a proposal; data rows are generated on demand. */
export function sheetModel(proposal: Proposal, context: ExportContext, format: ExportFormat): WorkbookModel {
  const { lang } = context;
  const texts = textsFor(lang);
  const cell = (raw: string): CellValue => textCell(raw, texts.truncated);
  const personalLabels = new Map(proposal.personalFields.map((row) => [row.column, row.label]));

  const sheets: DataSheet[] = [
    dataSheet('bobToCrm', lang, proposal.bobToCrm, (row) => ({
      rowKey: cell(row.key),
      action: cell(ACTION_LABELS[row.action]?.[lang] ?? row.action),
      bobId: cell(row.bobId),
      crmId: cell(row.crmId),
      name: cell(row.name),
      vat: cell(row.vat),
      postcode: cell(row.postcode),
      city: cell(row.city),
      contacts: row.contacts,
      matchedBy: cell(row.matchedBy === '' ? '' : texts.matchedBy[row.matchedBy]),
      changes: cell(formatChanges(row.changes, texts, personalLabels)),
      candidates: cell(formatCandidates(row.candidates)),
      warning: cell(formatWarning(row, texts)),
      linkToCrmId: null,
      noSync: null,
      notThisTime: null,
      note: null,
    })),
    dataSheet('crmToBob', lang, proposal.crmToBob, (row) => ({
      rowKey: cell(row.key),
      action: cell(ACTION_LABELS[row.action]?.[lang] ?? row.action),
      crmId: cell(row.crmId),
      bobId: null,
      name: cell(row.name),
      vat: cell(row.vat),
      postcode: cell(row.postcode),
      city: cell(row.city),
      persons: row.persons,
      warning: cell(formatFitNotes(row.fit ?? [], texts, personalLabels)),
      newBobId: cell(row.newBobId),
      noSync: null,
      notThisTime: null,
      note: null,
    })),
    dataSheet('personalFields', lang, proposal.personalFields, (row) => ({
      rowKey: cell(row.key),
      bobField: cell(row.column),
      label: cell(row.label),
      crmField: cell(row.crmField),
      sel: renderFlag(row.selected, lang),
      condition: renderCondition(row.condition, format, cell),
      value: cell(row.value),
      note: null,
    })),
    dataSheet('mapping', lang, proposal.mapping, (row) => ({
      rowKey: cell(row.key),
      bobId: cell(row.bobId),
      crmId: cell(row.crmId),
      name: cell(row.name),
      linkedAt: cell(row.linkedAt),
      lastSyncAt: cell(row.lastSyncAt),
      noSync: renderFlag(row.noSync, lang),
      note: null,
    })),
    dataSheet('excluded', lang, proposal.excluded, (row) => ({
      rowKey: cell(row.key),
      side: cell(texts.sides[row.side] ?? row.side),
      id: cell(row.id),
      name: cell(row.name),
      vat: cell(row.vat),
      reason: cell(texts.exclusionReasons[row.reason] ?? row.reason),
      detail: cell(row.vatReason === undefined ? row.detail : texts.vatReasons[row.vatReason]),
    })),
  ];

  const counts = countProposal(proposal);
  const summary = summarySheet(context, counts, texts, cell);
  return {
    lang,
    summary,
    sheets,
    meta: metaEntries(context, format, summary),
    counts,
    crmFieldNames: context.crmFields.map((field) => field.name),
  };
}

/** Counts per data sheet: `rows`, then actions (B2C, C2B), `selected`, `noSync` or exclusion reasons. */
export function countProposal(proposal: Proposal): ProposalCounts {
  const tally = <T>(rows: readonly T[], keys: readonly string[], keyOf: (row: T) => string | null): Record<string, number> => {
    const result: Record<string, number> = { rows: rows.length };
    for (const key of keys) result[key] = 0;
    for (const row of rows) {
      const key = keyOf(row);
      if (key !== null) result[key] = (result[key] ?? 0) + 1;
    }
    return result;
  };
  return {
    bobToCrm: tally(proposal.bobToCrm, ['create-crm', 'update-crm', 'link', 'choose'], (row) => row.action),
    crmToBob: tally(proposal.crmToBob, ['create-bob'], (row) => row.action),
    personalFields: tally(proposal.personalFields, ['selected'], (row) => (row.selected ? 'selected' : null)),
    mapping: tally(proposal.mapping, ['noSync'], (row) => (row.noSync ? 'noSync' : null)),
    excluded: tally(proposal.excluded, [], (row) => row.reason),
  };
}

/** `Name: ACME SA → ACME NV`, one line per change; `personalLabels` names the `pf:<COLUMN>` fields. */
export function formatChanges(
  changes: readonly FieldChange[],
  texts: WorkbookTexts,
  personalLabels: ReadonlyMap<string, string> = new Map(),
): string {
  const show = (value: string): string => (value === '' ? texts.empty : value);
  return changes
    .map((change) => `${fieldLabel(change.field, texts, personalLabels)}: ${show(change.from)} → ${show(change.to)}`)
    .join('\n');
}

function formatWarning(row: B2CRow, texts: WorkbookTexts): string {
  const lines: string[] = [];
  if (row.vatProblem !== '') {
    // Rows registered before the reason code existed carry only the English sentence.
    lines.push(`${texts.warnings.invalidVat}: ${row.vatReason === undefined ? row.vatProblem : texts.vatReasons[row.vatReason]}`);
  }
  if (row.action === 'choose') {
    const byBobId = row.candidates.some((candidate) => candidate.reason === 'bobid');
    lines.push(byBobId ? texts.warnings.chooseByBobId : texts.warnings.chooseByVat);
  }
  const byName = row.candidates.filter((candidate) => candidate.reason === 'name').map((candidate) => candidate.crmId);
  if (byName.length > 0) lines.push(`${texts.warnings.possibleNameMatch}: ${byName.join(', ')}`);
  return lines.join('\n');
}

/** What BOB will receive other than the CRM has it, one line per value (`Country Bosnië-Herzegovina → BA`). */
export function formatFitNotes(notes: readonly FitNote[], texts: WorkbookTexts, personalLabels: ReadonlyMap<string, string> = new Map()): string {
  const fill = (template: string, values: Record<string, string>): string => template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  return notes
    .map((note) => {
      const line = fill(texts.fit[note.kind], {
        field: fieldLabel(note.field, texts, personalLabels),
        into: note.into === undefined ? '' : fieldLabel(note.into, texts, personalLabels),
        from: note.from,
        to: note.to === '' ? texts.empty : note.to,
        width: String(note.width ?? ''),
      });
      return note.person === undefined ? line : `${fill(texts.fit.person, { person: note.person })}${line}`;
    })
    .join('\n');
}

function fieldLabel(field: string, texts: WorkbookTexts, personalLabels: ReadonlyMap<string, string>): string {
  if (Object.hasOwn(texts.fields, field)) return texts.fields[field]!;
  const [prefix, column] = splitOnce(field, ':');
  if (column !== null && prefix === 'pf') {
    const label = personalLabels.get(column) ?? '';
    return label !== '' ? label : `${texts.personalField} ${column}`;
  }
  return field;
}

function splitOnce(text: string, separator: string): [string, string | null] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, null] : [text.slice(0, at), text.slice(at + separator.length)];
}

function dataSheet<T extends EngineRow>(
  key: DataSheetKey,
  lang: Lang,
  items: readonly T[],
  cellsOf: (row: T) => Record<string, CellValue>,
): DataSheet {
  const columns = COLUMNS[key];
  return {
    key,
    name: SHEET_NAMES[key][lang],
    columns,
    header: columns.map((column) => neutralise(column.labels[lang])),
    rowCount: items.length,
    *rows() {
      for (const row of items) {
        const cells = cellsOf(row);
        const values = columns.map((column) => cells[column.key] ?? null);
        yield {
          key: row.key,
          values,
          cellHash: readOnlyCellHash(readOnlyTexts(columns, values)),
          sources: 'sources' in row ? row.sources : [],
          row,
        };
      }
    },
  };
}

function summarySheet(
  context: ExportContext,
  counts: ProposalCounts,
  texts: WorkbookTexts,
  cell: (raw: string) => CellValue,
): SummarySheet {
  const { lang } = context;
  const t = texts.summary;
  const lines: SummaryLine[] = [];
  const add = (kind: SummaryLineKind, a: CellValue, b: CellValue = null): void => {
    lines.push({ kind, cells: [a, b] });
  };

  add('title', cell(t.title));
  add('blank', null);
  add('field', cell(t.proposal), cell(context.proposalId));
  add('field', cell(t.createdAt), cell(context.createdAt));
  add('field', cell(t.createdBy), cell(context.createdBy));
  add('field', cell(t.bob), cell(context.bobDescription));
  add('field', cell(t.crm), cell(context.crmDescription));
  add('blank', null);

  add('heading', cell(t.counts));
  for (const sheet of DATA_SHEETS) {
    const sheetName = SHEET_NAMES[sheet][lang];
    const { rows, ...detail } = counts[sheet];
    add('count', cell(sheetName), rows ?? 0);
    for (const [what, n] of Object.entries(detail)) {
      if (n > 0) add('count', cell(`${sheetName} — ${countLabel(what, lang, texts)}`), n);
    }
  }
  add('blank', null);

  add('heading', cell(t.howTo));
  for (const instruction of t.instructions) add('text', cell(instruction));
  add('blank', null);

  add('confirm', cell(SUMMARY_LABELS.confirm[lang]), cell(renderConfirmation(false, lang)));
  const confirmRow = lines.length;
  add('reviewedBy', cell(SUMMARY_LABELS.reviewedBy[lang]), null);
  const reviewedByRow = lines.length;

  return { name: SHEET_NAMES.summary[lang], lines, confirmCell: `B${confirmRow}`, reviewedByCell: `B${reviewedByRow}` };
}

function countLabel(what: string, lang: Lang, texts: WorkbookTexts): string {
  const action = ACTION_LABELS[what];
  if (action !== undefined) return action[lang];
  if (what === 'selected' || what === 'noSync' || what === 'rows') return texts.countLabels[what];
  return texts.exclusionReasons[what as keyof WorkbookTexts['exclusionReasons']] ?? what;
}

function metaEntries(context: ExportContext, format: ExportFormat, summary: SummarySheet): MetaEntries {
  const sheetKeys: SheetKey[] = ['summary', ...DATA_SHEETS];
  const entries: MetaEntries = [
    ['formatVersion', String(FORMAT_VERSION)],
    ['proposalId', context.proposalId],
    ['lang', context.lang],
    ['createdAt', context.createdAt],
    ...sheetKeys.map((key): [string, string] => [`sheet.${key}`, SHEET_NAMES[key][context.lang]]),
    ...DATA_SHEETS.map((key): [string, string] => [`columns.${key}`, COLUMNS[key].map((column) => column.key).join(',')]),
    ['confirmCell', summary.confirmCell],
    ['reviewedByCell', summary.reviewedByCell],
  ];
  if (format === 'csv') entries.push(['csvDelimiter', context.csvDelimiter]);
  return entries;
}
