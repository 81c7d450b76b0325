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
  FROZEN_COLUMNS,
  SHEET_NAMES,
  SUMMARY_LABELS,
  type ColumnDef,
  type MetaEntries,
  type SheetKey,
} from '../../templates/columns.js';
import { textsFor, type WorkbookTexts } from '../../templates/texts.js';
import type { Lang } from '../config/types.js';
import type { B2CRow, ConditionOperator, CrmField, DataSheetKey, EngineRow, FieldChange, FitNote, Proposal, SourceRef, VatReason } from '../engine/model.js';
import { brusselsTime } from './brussels-time.js';
import { readOnlyCellHash, readOnlyTexts } from './cell-hash.js';
import { textCell, type CellRule, type CellValue } from './cell-text.js';
import { renderCondition } from './codecs/condition.js';
import { renderConfirmation, renderFlag } from './codecs/flag.js';
import { formatCandidates, linkChoices } from './codecs/link.js';

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
  /** Cells of this row that differ from their column (none for most rows). */
  rules?: CellRule[];
}

export interface DataSheet {
  key: DataSheetKey;
  name: string;
  columns: ColumnDef[];
  /** Row 1: the column labels. */
  header: string[];
  rowCount: number;
  /** Columns kept on screen when scrolling right. */
  frozen: number;
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
    }), linkRules(lang)),
    dataSheet('crmToBob', lang, proposal.crmToBob, (row) => ({
      rowKey: cell(row.key),
      action: cell(ACTION_LABELS[row.action]?.[lang] ?? row.action),
      crmId: cell(row.crmId),
      name: cell(row.name),
      vat: cell(row.vat),
      postcode: cell(row.postcode),
      city: cell(row.city),
      persons: row.persons,
      warning: cell([row.vatProblem !== undefined ? vatWarning(row, texts) : '', formatFitNotes(row.fit ?? [], texts, personalLabels)].filter((line) => line !== '').join('\n')),
      newBobId: cell(row.newBobId),
      noSync: null,
      // A number that fails its check: not created unless the bookkeeper clears this knowingly.
      notThisTime: renderFlag(row.vatProblem !== undefined, lang),
      note: null,
    })),
    dataSheet('personalFields', lang, proposal.personalFields, (row) => ({
      rowKey: cell(row.key),
      bobField: cell(row.column),
      label: cell(row.label),
      crmField: cell(row.crmField),
      sel: renderFlag(row.selected, lang),
      condition: renderCondition(row.condition, lang),
      value: cell(row.value),
      note: null,
    })),
    dataSheet('mapping', lang, proposal.mapping, (row) => ({
      rowKey: cell(row.key),
      bobId: cell(row.bobId),
      crmId: cell(row.crmId),
      name: cell(row.name),
      linkedAt: cell(brusselsTime(row.linkedAt)),
      lastSyncAt: cell(brusselsTime(row.lastSyncAt)),
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
  const summary = summarySheet(proposal, context, counts, texts, cell);
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

/**
 * Link to CRM id takes a value only where the row has candidates (a Choose row, or a Create row
 * with possible name matches): there it offers them and "new" in the workbook's language; elsewhere
 * it is locked. A Choose row's Action is drawn attention to.
 */
function linkRules(lang: Lang): (row: B2CRow, column: (key: string) => number) => CellRule[] {
  return (row, column) => {
    if (row.candidates.length === 0) return [{ column: column('linkToCrmId'), locked: true }];
    const rules: CellRule[] = [{ column: column('linkToCrmId'), choices: linkChoices(row.candidates, lang) }];
    if (row.action === 'choose') rules.push({ column: column('action'), tone: 'attention' });
    return rules;
  };
}

function vatWarning(row: { vatProblem?: string; vatReason?: VatReason }, texts: WorkbookTexts): string {
  // Rows registered before the reason code existed carry only the English sentence.
  return `${texts.warnings.invalidVat}: ${row.vatReason === undefined ? row.vatProblem : texts.vatReasons[row.vatReason]}`;
}

function formatWarning(row: B2CRow, texts: WorkbookTexts): string {
  const lines: string[] = [];
  if (row.vatProblem !== '') lines.push(vatWarning(row, texts));
  if (row.action === 'choose') {
    const byBobId = row.candidates.some((candidate) => candidate.reason === 'bobid');
    const sharing = row.sharedVatWith ?? [];
    if (sharing.length > 0) {
      lines.push(texts.warnings.chooseSharedVat(sharing.join(', '), row.candidates.map((c) => c.crmId).join(', ')));
    } else lines.push(byBobId ? texts.warnings.chooseByBobId : texts.warnings.chooseByVat);
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
  rulesOf?: (row: T, column: (key: string) => number) => CellRule[] | undefined,
): DataSheet {
  const columns = COLUMNS[key];
  const indexOf = new Map(columns.map((column, index) => [column.key, index]));
  const column = (columnKey: string): number => indexOf.get(columnKey)!;
  return {
    key,
    name: SHEET_NAMES[key][lang],
    columns,
    header: columns.map((column) => column.labels[lang]),
    rowCount: items.length,
    frozen: FROZEN_COLUMNS[key],
    *rows() {
      for (const row of items) {
        const cells = cellsOf(row);
        const values = columns.map((column) => cells[column.key] ?? null);
        const rules = rulesOf?.(row, column);
        yield {
          key: row.key,
          values,
          cellHash: readOnlyCellHash(readOnlyTexts(columns, values)),
          sources: 'sources' in row ? row.sources : [],
          row,
          ...(rules !== undefined && rules.length > 0 ? { rules } : {}),
        };
      }
    },
  };
}

/**
 * The Summary, in the order a bookkeeper needs it: what needs doing (rows to choose, codes to check,
 * what a condition leaves out), the confirmation and Reviewed by, then where the proposal comes from,
 * the counts, and how to review.
 */
function summarySheet(
  proposal: Proposal,
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

  add('heading', cell(t.todo));
  const toChoose = counts.bobToCrm.choose ?? 0;
  const heldBack = proposal.crmToBob.filter((row) => row.vatProblem !== undefined).length;
  const created = proposal.crmToBob.length - heldBack;
  const leftOut = proposal.personalFields.filter((row) => row.condition !== '' && (row.leavesOut ?? 0) > 0);
  if (toChoose > 0) add('text', cell(t.toChoose(toChoose)));
  if (created > 0) add('text', cell(t.newBobIds(created)));
  if (heldBack > 0) add('text', cell(t.invalidVat(heldBack)));
  const directionRows = proposal.bobToCrm.length + proposal.crmToBob.length;
  for (const row of leftOut) {
    const condition = `${texts.conditionOperators[row.condition as ConditionOperator]}${row.value === '' ? '' : ` ${row.value}`}`;
    add('text', cell(t.condition(row.label || row.column, condition, row.leavesOut ?? 0, directionRows)));
  }
  if (toChoose === 0 && created === 0 && heldBack === 0 && leftOut.length === 0) add('text', cell(t.nothingToDo));
  add('blank', null);

  add('confirm', cell(SUMMARY_LABELS.confirm[lang]), cell(renderConfirmation(false, lang)));
  const confirmRow = lines.length;
  add('reviewedBy', cell(SUMMARY_LABELS.reviewedBy[lang]), null);
  const reviewedByRow = lines.length;
  add('blank', null);

  add('field', cell(t.proposal), cell(context.proposalId));
  add('field', cell(t.createdAt), cell(brusselsTime(context.createdAt)));
  add('field', cell(t.createdBy), cell(context.createdBy));
  add('field', cell(t.bob), cell(context.bobDescription));
  add('field', cell(t.crm), cell(context.crmDescription));
  add('field', cell(t.times), cell(t.timesValue));
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
