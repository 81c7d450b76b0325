/**
 * Reads the decisions out of an edited workbook and validates every one of them (DESIGN §7.2–7.3):
 * pure, no I/O. Every problem becomes a finding with its cell, all are collected; only a missing
 * or altered `_meta` stops everything (it throws `bad-input`, see checkMeta).
 */
import type { ErrorObject } from 'ajv';
import type { Lang } from '../config/types.js';
import { rowDecision, type Decisions, type RowDecision } from '../engine/decisions.js';
import type { Candidate, ConditionOperator, Proposal } from '../engine/model.js';
import { restore } from '../workbook/neutralise.js';
import { formatCandidates, readOnlyTexts, sheetModel, type CellValue, type EngineRow } from '../workbook/sheet-model.js';
import type { ProposalRecord, ProposalRowRecord } from '../sources/state/state-port.js';
import {
  COLUMNS,
  CONDITION_OPERATORS,
  CSV_FILES,
  DATA_SHEETS,
  SHEET_NAMES,
  SUMMARY_LABELS,
  YES,
  isDecision,
  readOnlyCellHash,
  type DataSheetKey,
} from '../../templates/columns.js';
import { BobsyncError } from '../errors.js';
import { registeredPayload } from './registered-payload.js';
import { describeCell, isBlankCell, type CellInfo, type RawCell } from '../workbook/cell-value.js';
import { checkMeta } from './check-meta.js';
import { decisionSchemas, type DecisionSchemas } from './decision-schemas.js';
import { cellFinding, cellRef, columnIndex, parseCellAddress, rowFinding, type Finding, type FindingCode } from './finding.js';
import { locateColumns, normaliseLabel, type LocatedSheet } from './locate-columns.js';
import { metaValue, type RawRow, type RawSheet, type RawWorkbook } from '../workbook/raw-workbook.js';

export interface RegisteredProposal {
  proposal: ProposalRecord;
  /** Registered rows by row key. */
  rows: Map<string, ProposalRowRecord>;
}

export interface ValidationContext {
  /** BOB codes in use in BOB now (upper case). A Set fits. */
  bobIdsInUse: { has(id: string): boolean };
  /** Custom field names of the CRM's Company entity. */
  crmFieldNames: ReadonlySet<string>;
  /** CRM ids already linked in the mapping table. A Set fits. */
  linkedCrmIds: { has(id: string): boolean };
  /** Pattern of a valid BOB code, matched after trimming and upper-casing. */
  bobIdPattern: RegExp;
  /** Language of the labels in messages when the workbook does not say. */
  lang?: Lang;
}

export interface ValidationCounts {
  /** Data rows read with a registered row key. */
  rows: number;
  /** Row decisions produced (every sheet but Excluded). */
  decisions: number;
  deleted: number;
  needsChoice: number;
  findings: number;
  /** Data rows read, per sheet. */
  bySheet: Record<DataSheetKey, number>;
}

export interface ValidationResult {
  decisions: Decisions;
  /** Sorted by sheet (file order), row, column. */
  findings: Finding[];
  /** Registered rows absent from the workbook: skipped, reported, never an error. */
  deletedRows: string[];
  /** `Choose` rows left without a choice: skipped (reason `needs a choice`) and proposed again. */
  needsChoice: string[];
  /** Things worth telling that are not findings. */
  notes: string[];
  counts: ValidationCounts;
}

const YES_WORDS = new Set(['yes', 'ja', 'oui', 'x', '1', 'true', 'waar', 'vrai']);
const NO_WORDS = new Set(['no', 'nee', 'neen', 'non', '0', 'false', 'onwaar', 'faux']);
const NEW_WORDS = new Set(['new', 'nieuw', 'nouveau']);

/** Accepted spellings of the condition operators, including the Dutch and French words. */
export const CONDITION_ALIASES: Readonly<Record<string, ConditionOperator>> = {
  '=': '=',
  '==': '=',
  '≠': '≠',
  '!=': '≠',
  '<>': '≠',
  '<': '<',
  '>': '>',
  contains: 'contains',
  bevat: 'contains',
  contient: 'contains',
  'starts with': 'starts with',
  'begint met': 'starts with',
  'commence par': 'starts with',
  empty: 'empty',
  leeg: 'empty',
  vide: 'empty',
  'not empty': 'not empty',
  'niet leeg': 'not empty',
  'non vide': 'not empty',
};

const DEFAULT_BOB_ID_PATTERN = '^[A-Z0-9_-]{1,10}$';

/**
 * A flag cell: true for yes/ja/oui/x/1/true/waar/vrai and TRUE, false for blank and the no words
 * (any case); anything else is returned as the trimmed text so that validation reports it.
 */
export function parseFlag(info: CellInfo): boolean | string {
  if (info.type === 'boolean') return info.boolean!;
  const word = info.text.trim().toLowerCase();
  if (word === '' || NO_WORDS.has(word)) return false;
  if (YES_WORDS.has(word)) return true;
  return info.text.trim();
}

/** The canonical operator of a Condition cell, `''` when blank, or the text itself when unknown. */
export function parseCondition(text: string): ConditionOperator | '' | string {
  const word = restore(text.trim()).replace(/\s+/g, ' ').toLowerCase();
  if (word === '') return '';
  return CONDITION_ALIASES[word] ?? text.trim();
}

/**
 * True when `actual` is `expected` with its leading zeros lost (Excel turned the code `0123`
 * into the number 123). Decided against the registered value, never guessed.
 */
export function isLostLeadingZero(actual: string, expected: string): boolean {
  return /^0\d*$/.test(expected) && expected.length > 1 && /^\d+$/.test(actual) && actual === (expected.replace(/^0+/, '') || '0');
}

/** Reads and validates the decisions of `workbook` against its registered proposal. */
export function validateDecisions(
  workbook: RawWorkbook,
  registered: RegisteredProposal,
  context: ValidationContext,
): ValidationResult {
  checkMeta(workbook, registered.proposal);
  return new DecisionReader(workbook, registered, context).read();
}

/** An ajv validate function, without its type guard (which would narrow a failing value to never). */
type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

interface Place {
  sheet: string;
  row: number;
  col: number;
  rowKey: string;
}

interface Claim extends Place {
  /** Typed by the bookkeeper (Link to CRM id), as opposed to implied by a `link` row. */
  explicit: boolean;
}

interface RowContext {
  located: LocatedSheet;
  row: RawRow;
  rowKey: string;
  record: ProposalRowRecord;
}

interface Mismatch {
  row: RawRow;
  rowKey: string;
  record: ProposalRowRecord;
  texts: string[];
}

class DecisionReader {
  private readonly findings: Finding[] = [];
  private readonly notes: string[] = [];
  private readonly rows = new Map<string, RowDecision>();
  private readonly seen = new Map<string, Place>();
  private readonly needsChoice: string[] = [];
  private readonly linkClaims = new Map<string, Claim[]>();
  private readonly bobIdClaims = new Map<string, Place[]>();
  private readonly crmFieldClaims = new Map<string, Place[]>();
  private readonly mismatches = new Map<DataSheetKey, Mismatch[]>();
  private readonly bySheet = Object.fromEntries(DATA_SHEETS.map((key) => [key, 0])) as Record<DataSheetKey, number>;
  private readonly lang: Lang;
  private readonly schemas: DecisionSchemas;
  private readonly crmFields: Map<string, string>;
  private lostZeros = 0;

  constructor(
    private readonly workbook: RawWorkbook,
    private readonly registered: RegisteredProposal,
    private readonly context: ValidationContext,
  ) {
    this.lang = asLang(metaValue(workbook, 'lang')) ?? asLang(registered.proposal.lang) ?? context.lang ?? 'en';
    this.schemas = decisionSchemas(context.bobIdPattern);
    this.crmFields = new Map([...context.crmFieldNames].map((name) => [name.toLowerCase(), name]));
  }

  read(): ValidationResult {
    const located = locateColumns(this.workbook);
    this.findings.push(...located.findings);
    this.notes.push(...(this.workbook.notes ?? []), ...located.notes);
    if (this.workbook.format === 'xlsx' && this.workbook.meta?.state === 'visible') {
      this.notes.push('The _meta sheet is visible (it was unhidden); its content is unchanged.');
    }

    const registeredPerSheet = new Map<string, number>();
    for (const record of this.registered.rows.values()) registeredPerSheet.set(record.sheet, (registeredPerSheet.get(record.sheet) ?? 0) + 1);

    const readable = new Set<DataSheetKey>();
    for (const key of DATA_SHEETS) {
      const sheet = located.sheets.get(key);
      if (sheet === undefined) {
        if ((registeredPerSheet.get(key) ?? 0) > 0) this.missingSheet(key);
        continue;
      }
      if (sheet.missing.includes('rowKey')) continue;
      readable.add(key);
      const hashable = !sheet.missing.some((columnKey) => !isDecision(COLUMNS[key].find((c) => c.key === columnKey)!));
      for (const row of sheet.dataRows) this.readRow(sheet, row, hashable);
    }
    for (const [key, mismatches] of this.mismatches) this.explainMismatches(located.sheets.get(key)!, mismatches);
    if (this.lostZeros > 0) {
      this.notes.push(`${this.lostZeros} read-only cell(s) had lost their leading zeros (Excel turned codes into numbers); they were read as exported.`);
    }
    this.checkClaims();

    const deletedRows: string[] = [];
    for (const record of this.registered.rows.values()) {
      if (readable.has(record.sheet as DataSheetKey) && !this.seen.has(record.key)) deletedRows.push(record.key);
    }

    const { confirmed, reviewedBy } = this.readSummary(located.summary);
    const findings = this.sortedFindings();
    return {
      decisions: { proposalId: this.registered.proposal.id, confirmed, reviewedBy, rows: this.rows },
      findings,
      deletedRows,
      needsChoice: this.needsChoice,
      notes: this.notes,
      counts: {
        rows: Object.values(this.bySheet).reduce((a, b) => a + b, 0),
        decisions: this.rows.size,
        deleted: deletedRows.length,
        needsChoice: this.needsChoice.length,
        findings: findings.length,
        bySheet: this.bySheet,
      },
    };
  }

  // ------------------------------------------------------------------------------------------
  // Rows and integrity

  private readRow(located: LocatedSheet, row: RawRow, hashable: boolean): void {
    const name = located.sheet.name;
    const rowKey = restore(describeCell(this.raw(located, row, 'rowKey')).text).trim();
    if (rowKey === '') {
      if (row.cells.some((cell) => !isBlankCell(cell))) {
        this.findings.push(
          rowFinding('added-row', name, row.number, '', 'This row has no Row key: rows cannot be added to the workbook; delete it.'),
        );
      }
      return;
    }
    const first = this.seen.get(rowKey);
    if (first !== undefined) {
      const where = first.sheet === name ? `row ${first.row}` : `row ${first.row} of "${first.sheet}"`;
      this.findings.push(
        rowFinding('duplicate-row', name, row.number, rowKey, `Row key ${rowKey} appears again (first on ${where}): delete this copy.`),
      );
      return;
    }
    const record = this.registered.rows.get(rowKey);
    if (record === undefined || record.sheet !== located.key) {
      const message =
        record === undefined
          ? `Row key ${rowKey} is not part of proposal ${this.registered.proposal.id}: rows cannot be added or copied from another workbook; delete this row.`
          : `Row key ${rowKey} belongs on sheet "${this.sheetName(record.sheet as DataSheetKey)}", not here: delete this row.`;
      this.findings.push(rowFinding('unknown-row', name, row.number, rowKey, message));
      return;
    }
    this.seen.set(rowKey, { sheet: name, row: row.number, col: -1, rowKey });
    this.bySheet[located.key] += 1;

    if (hashable) this.checkReadOnlyCells(located, row, rowKey, record);
    const context: RowContext = { located, row, rowKey, record };
    switch (located.key) {
      case 'bobToCrm':
        this.readBobToCrm(context);
        break;
      case 'crmToBob':
        this.readCrmToBob(context);
        break;
      case 'personalFields':
        this.readPersonalField(context);
        break;
      case 'mapping':
        this.readMapping(context);
        break;
      case 'excluded':
        break;
    }
  }

  /** Compares the read-only cells with the registered hash; differences are explained later, in one pass per sheet. */
  private checkReadOnlyCells(located: LocatedSheet, row: RawRow, rowKey: string, record: ProposalRowRecord): void {
    const texts: string[] = [];
    for (const column of COLUMNS[located.key]) {
      if (!isDecision(column)) texts.push(hashText(this.raw(located, row, column.key)));
    }
    if (readOnlyCellHash(texts) === record.cellHash) return;
    let list = this.mismatches.get(located.key);
    if (list === undefined) this.mismatches.set(located.key, (list = []));
    list.push({ row, rowKey, record, texts });
  }

  /**
   * Rebuilds what the export wrote for each mismatching row from its registered payload (the
   * sheet model is pure), forgives leading zeros Excel dropped, and names the first changed cell.
   */
  private explainMismatches(located: LocatedSheet, mismatches: Mismatch[]): void {
    const columns = COLUMNS[located.key];
    const readOnly = columns.filter((column) => !isDecision(column));
    const expected = this.exportedValues(located.key, mismatches.map((m) => m.record));
    mismatches.forEach((mismatch, i) => {
      const values = expected?.[i];
      const expectedTexts = values ? readOnlyTexts(columns, values) : null;
      if (expectedTexts === null || readOnlyCellHash(expectedTexts) !== mismatch.record.cellHash) {
        this.findings.push(
          rowFinding(
            'changed-cell',
            located.sheet.name,
            mismatch.row.number,
            mismatch.rowKey,
            'A read-only cell of this row was changed: undo the change (the locked cells must keep their exported values), or export the proposal again.',
          ),
        );
        return;
      }
      let zeros = 0;
      const changed = mismatch.texts.findIndex((text, j) => {
        if (text === expectedTexts[j]) return false;
        if (isLostLeadingZero(text, expectedTexts[j]!)) {
          zeros += 1;
          return false;
        }
        return true;
      });
      if (changed < 0) {
        this.lostZeros += zeros;
        return;
      }
      const column = readOnly[changed]!;
      this.findings.push(
        cellFinding(
          'changed-cell',
          located.sheet.name,
          mismatch.row.number,
          located.columns.get(column.key)!,
          mismatch.rowKey,
          `${column.labels[this.lang]} was changed from ${quote(restore(expectedTexts[changed]!))} to ${quote(restore(mismatch.texts[changed]!))}: ` +
            'read-only cells must keep their exported value; undo the change, or export the proposal again.',
        ),
      );
    });
  }

  /** Cell values the export writes for these registered rows, in order; null when the payloads cannot be rendered. */
  private exportedValues(key: DataSheetKey, records: ProposalRowRecord[]): CellValue[][] | null {
    try {
      const proposal: Proposal = { bobToCrm: [], crmToBob: [], personalFields: [], mapping: [], excluded: [] };
      (proposal[key] as EngineRow[]) = records.map((record) => JSON.parse(record.payload) as EngineRow);
      const model = sheetModel(
        proposal,
        {
          proposalId: this.registered.proposal.id,
          createdAt: this.registered.proposal.createdAt,
          createdBy: this.registered.proposal.createdBy,
          lang: this.lang,
          bobDescription: '',
          crmDescription: '',
          crmFields: [],
          csvDelimiter: ';',
        },
        this.workbook.format,
      );
      const sheet = model.sheets.find((s) => s.key === key);
      return sheet ? [...sheet.rows()].map((row) => row.values) : null;
    } catch {
      return null;
    }
  }

  private missingSheet(key: DataSheetKey | 'summary'): void {
    const name = this.sheetName(key);
    const what = this.workbook.format === 'csv' ? `The file ${name} is missing from the folder` : `The sheet "${name}" is missing`;
    this.findings.push(rowFinding('missing-sheet', name, 0, '', `${what}: restore it, or export the proposal again.`));
  }

  /** Name of a sheet in this workbook: `_meta`'s `sheet.<key>`, else the language's name (CSV: the file name). */
  private sheetName(key: DataSheetKey | 'summary'): string {
    if (this.workbook.format === 'csv') return CSV_FILES[key];
    return metaValue(this.workbook, `sheet.${key}`) ?? SHEET_NAMES[key][this.lang];
  }

  // ------------------------------------------------------------------------------------------
  // Decisions per sheet

  private readBobToCrm(row: RowContext): void {
    const payload = this.payload<{ action?: string; crmId?: string; candidates?: Candidate[] }>(row.record);
    const noSync = this.flag(row, 'noSync');
    const notThisTime = this.flag(row, 'notThisTime');
    const linkInfo = this.decisionCell(row, 'linkToCrmId');
    const note = this.text(row, 'note');
    const candidates = Array.isArray(payload.candidates) ? payload.candidates : [];
    const link = parseLink(linkInfo, candidates);

    const decision = { noSync, notThisTime, linkToCrmId: link, note };
    this.validate(row, this.schemas.bobToCrm, decision);
    const skipped = noSync === true || notThisTime === true;
    let linkToCrmId = link;
    if (link !== '' && link !== 'new' && !candidates.some((c) => c.crmId === link)) {
      const ids = candidates.map((c) => c.crmId);
      this.cellFinding(
        'unknown-candidate',
        row,
        'linkToCrmId',
        ids.length > 0
          ? `CRM id ${quote(link)} is not a candidate of this row: enter one of ${ids.join(', ')}, or new.`
          : `This row has no candidates: leave ${this.label(row, 'linkToCrmId')} blank, or enter new.`,
      );
      linkToCrmId = '';
    } else if (link !== '' && link !== 'new' && !skipped) {
      this.claim(this.linkClaims, link, { ...this.place(row, 'linkToCrmId'), explicit: true });
    } else if (link === '' && !skipped && payload.action === 'link' && payload.crmId) {
      this.claim(this.linkClaims, payload.crmId, { ...this.place(row, 'crmId'), explicit: false });
    }
    if (payload.action === 'choose' && link === '' && !skipped) this.needsChoice.push(row.rowKey);
    this.addDecision(row, { noSync: noSync === true, notThisTime: notThisTime === true, linkToCrmId, note });
  }

  private readCrmToBob(row: RowContext): void {
    const payload = this.payload<{ newBobId?: string }>(row.record);
    const noSync = this.flag(row, 'noSync');
    const notThisTime = this.flag(row, 'notThisTime');
    const note = this.text(row, 'note');
    let newBobId = restore(this.decisionCell(row, 'newBobId').text).trim().toUpperCase();
    const proposed = String(payload.newBobId ?? '').toUpperCase();
    if (newBobId !== proposed && isLostLeadingZero(newBobId, proposed)) newBobId = proposed;

    const ok = this.validate(row, this.schemas.crmToBob, { noSync, notThisTime, newBobId, note });
    const used = noSync === false && notThisTime === false && newBobId !== '' && ok.has('newBobId');
    if (used) {
      if (this.context.bobIdsInUse.has(newBobId)) {
        this.cellFinding('bob-id-in-use', row, 'newBobId', `The BOB code ${newBobId} is already used in BOB: choose another ${this.label(row, 'newBobId')}.`);
      } else {
        this.claim(this.bobIdClaims, newBobId, this.place(row, 'newBobId'));
      }
    }
    this.addDecision(row, { noSync: noSync === true, notThisTime: notThisTime === true, newBobId: ok.has('newBobId') ? newBobId : '', note });
  }

  private readPersonalField(row: RowContext): void {
    const crmFieldText = restore(this.decisionCell(row, 'crmField').text).trim();
    const sel = this.flag(row, 'sel');
    const condition = parseCondition(this.decisionCell(row, 'condition').text);
    const value = this.text(row, 'value');
    const note = this.text(row, 'note');
    const crmField = crmFieldText === '' ? '' : (this.crmFields.get(crmFieldText.toLowerCase()) ?? null);
    if (crmField === null) {
      this.cellFinding(
        'unknown-crm-field',
        row,
        'crmField',
        `The CRM has no field ${quote(crmFieldText)}: choose one of the CRM's fields from the list, or leave it blank.`,
      );
    }
    const ok = this.validate(row, this.schemas.personalFields, { crmField: crmField ?? crmFieldText, sel, condition, value, note });
    if (sel === true && crmField) this.claim(this.crmFieldClaims, crmField.toLowerCase(), this.place(row, 'crmField'));
    this.addDecision(row, {
      crmField: crmField ?? '',
      sel: sel === true,
      condition: ok.has('condition') ? (condition as ConditionOperator | '') : '',
      value,
      note,
    });
  }

  private readMapping(row: RowContext): void {
    const noSync = this.flag(row, 'noSync');
    const note = this.text(row, 'note');
    this.validate(row, this.schemas.mapping, { noSync, note });
    this.addDecision(row, { noSync: noSync === true, note });
  }

  private addDecision(row: RowContext, values: Partial<RowDecision>): void {
    this.rows.set(row.rowKey, rowDecision(row.rowKey, row.located.key, values));
  }

  // ------------------------------------------------------------------------------------------
  // Cells

  private raw(located: LocatedSheet, row: RawRow, columnKey: string): RawCell {
    const index = located.columns.get(columnKey);
    return index === undefined ? null : (row.cells[index] ?? null);
  }

  /** A decision cell; a formula or an error in it is a finding and reads as blank. */
  private decisionCell(row: RowContext, columnKey: string): CellInfo {
    const info = describeCell(this.raw(row.located, row.row, columnKey));
    if (info.formula !== null) {
      this.cellFinding(
        'formula',
        row,
        columnKey,
        `${this.label(row, columnKey)} holds a formula (=${info.formula}): type the value itself; formulas are not imported.`,
      );
      return describeCell(null);
    }
    if (info.error !== null) {
      this.cellFinding('cell-error', row, columnKey, `${this.label(row, columnKey)} shows an error${info.error ? ` (${info.error})` : ''}: type a valid value or clear the cell.`);
      return describeCell(null);
    }
    return info;
  }

  private flag(row: RowContext, columnKey: string): boolean | string {
    return parseFlag(this.decisionCell(row, columnKey));
  }

  /** Free text (Note, Value): neutralising undone, trimmed. */
  private text(row: RowContext, columnKey: string): string {
    return restore(this.decisionCell(row, columnKey).text.trim()).trim();
  }

  private label(row: RowContext, columnKey: string): string {
    return COLUMNS[row.located.key].find((c) => c.key === columnKey)?.labels[this.lang] ?? columnKey;
  }

  private place(row: RowContext, columnKey: string): Place {
    return { sheet: row.located.sheet.name, row: row.row.number, col: row.located.columns.get(columnKey) ?? 0, rowKey: row.rowKey };
  }

  private cellFinding(code: FindingCode, row: RowContext, columnKey: string, message: string): void {
    const place = this.place(row, columnKey);
    this.findings.push(cellFinding(code, place.sheet, place.row, place.col, place.rowKey, message));
  }

  private payload<T>(record: ProposalRowRecord): Partial<T> {
    return registeredPayload(record) as Partial<T>;
  }

  /**
   * Runs an ajv schema and turns its errors into findings. Returns the properties that passed
   * (a property with an error must not be used).
   */
  private validate(row: RowContext, validate: Validator, value: Record<string, unknown>): Set<string> {
    const ok = new Set(Object.keys(value));
    if (validate(value)) return ok;
    for (const error of validate.errors ?? []) {
      if (error.keyword === 'if') continue;
      const property = error.instancePath.replace(/^\//, '') || (error.keyword === 'not' ? 'notThisTime' : '');
      ok.delete(property);
      const raw = String(value[property] ?? '');
      const label = this.label(row, property);
      switch (`${property}:${error.keyword}`) {
        case 'noSync:type':
        case 'notThisTime:type':
        case 'sel:type':
          this.cellFinding(
            'invalid-flag',
            row,
            property,
            `${quote(raw)} is not a value for ${label}: write ${YES[this.lang]} (or x) to set it, or leave the cell blank.`,
          );
          break;
        case 'notThisTime:not':
          this.cellFinding(
            'conflicting-flags',
            row,
            'notThisTime',
            `${this.label(row, 'noSync')} and ${this.label(row, 'notThisTime')} are both set: keep only one of them.`,
          );
          break;
        case 'newBobId:minLength':
          this.cellFinding('missing-bob-id', row, property, `${label} is empty: enter the BOB code to create this customer with, or set ${this.label(row, 'notThisTime')}.`);
          break;
        case 'newBobId:format':
          this.cellFinding('invalid-bob-id', row, property, `${quote(raw)} is not a valid BOB code: ${this.bobIdRule()}.`);
          break;
        case 'crmField:minLength':
          this.cellFinding('missing-crm-field', row, property, `${this.label(row, 'sel')} is set but ${label} is empty: choose the CRM field to synchronise to, or clear ${this.label(row, 'sel')}.`);
          break;
        case 'condition:enum':
          this.cellFinding('invalid-condition', row, property, `${quote(raw)} is not a condition: choose one of ${CONDITION_OPERATORS.join(', ')}.`);
          break;
        case 'value:minLength':
          this.cellFinding('missing-value', row, property, `The condition ${quote(String(value.condition))} needs a ${label}: enter one, or choose empty or not empty.`);
          break;
        default:
          // Every value is normalised to the schema's types first, so only the cases above can fail.
          throw new BobsyncError('internal', `Unexpected validation error at ${error.instancePath}: ${error.message ?? error.keyword}.`);
      }
    }
    return ok;
  }

  private bobIdRule(): string {
    return this.context.bobIdPattern.source === DEFAULT_BOB_ID_PATTERN
      ? 'use 1 to 10 capital letters, digits, _ or -'
      : `it must match ${this.context.bobIdPattern.source}`;
  }

  // ------------------------------------------------------------------------------------------
  // Across rows

  private claim<T extends Place>(claims: Map<string, T[]>, value: string, place: T): void {
    const list = claims.get(value);
    if (list === undefined) claims.set(value, [place]);
    else list.push(place);
  }

  private checkClaims(): void {
    for (const [crmId, claims] of this.linkClaims) {
      // The proposal's own links come first: the bookkeeper's choice is the one to change.
      const ordered = [...claims.filter((c) => !c.explicit), ...claims.filter((c) => c.explicit)];
      ordered.forEach((claim, i) => {
        if (!claim.explicit) return;
        if (this.context.linkedCrmIds.has(crmId)) {
          this.findings.push(
            cellFinding(
              'crm-id-already-linked',
              claim.sheet,
              claim.row,
              claim.col,
              claim.rowKey,
              `CRM id ${crmId} is already linked to another BOB customer in the mapping table: choose another candidate, or new.`,
            ),
          );
        } else if (i > 0) {
          const first = ordered[0]!;
          this.findings.push(
            cellFinding(
              'crm-id-linked-twice',
              claim.sheet,
              claim.row,
              claim.col,
              claim.rowKey,
              `CRM id ${crmId} is also linked on ${cellRefOf(first)} (${first.rowKey}): a CRM company can be linked to one BOB customer only; change one of them.`,
            ),
          );
        }
      });
    }
    for (const [bobId, places] of this.bobIdClaims) {
      places.slice(1).forEach((place) =>
        this.findings.push(
          cellFinding(
            'bob-id-used-twice',
            place.sheet,
            place.row,
            place.col,
            place.rowKey,
            `The BOB code ${bobId} is also used on ${cellRefOf(places[0]!)} (${places[0]!.rowKey}): each new BOB customer needs its own code.`,
          ),
        ),
      );
    }
    for (const places of this.crmFieldClaims.values()) {
      places.slice(1).forEach((place) =>
        this.findings.push(
          cellFinding(
            'crm-field-used-twice',
            place.sheet,
            place.row,
            place.col,
            place.rowKey,
            `This CRM field is also selected on ${cellRefOf(places[0]!)} (${places[0]!.rowKey}): synchronise each CRM field from one personal field only.`,
          ),
        ),
      );
    }
  }

  // ------------------------------------------------------------------------------------------
  // Summary

  private readSummary(summary: RawSheet | null): { confirmed: boolean; reviewedBy: string } {
    if (summary === null) {
      this.missingSheet('summary');
      return { confirmed: false, reviewedBy: '' };
    }
    const confirm = this.summaryCell(summary, SUMMARY_LABELS.confirm, 'confirmCell');
    const reviewer = this.summaryCell(summary, SUMMARY_LABELS.reviewedBy, 'reviewedByCell');
    if (confirm === null) this.notes.push('The confirmation cell was not found on the Summary: the workbook counts as not confirmed.');

    const readCell = (cell: { row: number; col: number; value: RawCell } | null, label: string): CellInfo => {
      if (cell === null) return describeCell(null);
      const info = describeCell(cell.value);
      if (info.formula !== null || info.error !== null) {
        this.findings.push(
          cellFinding(
            info.formula !== null ? 'formula' : 'cell-error',
            summary.name,
            cell.row,
            cell.col,
            '',
            info.formula !== null ? `${label} holds a formula: type the value itself.` : `${label} shows an error: type a valid value.`,
          ),
        );
        return describeCell(null);
      }
      return info;
    };
    const confirmLabel = SUMMARY_LABELS.confirm[this.lang];
    const confirmed = parseFlag(readCell(confirm, confirmLabel));
    const reviewedBy = restore(readCell(reviewer, SUMMARY_LABELS.reviewedBy[this.lang]).text.trim()).trim();
    if (!this.schemas.summary({ confirmed, reviewedBy }) && confirm !== null) {
      this.findings.push(
        cellFinding(
          'invalid-flag',
          summary.name,
          confirm.row,
          confirm.col,
          '',
          `${quote(String(confirmed))} is not a value for "${confirmLabel}": choose ${YES[this.lang]} or leave it as it is.`,
        ),
      );
    }
    return { confirmed: confirmed === true, reviewedBy };
  }

  /** A Summary decision cell: on the row whose column A holds the label (any language), else at `_meta`'s address. */
  private summaryCell(
    summary: RawSheet,
    labels: Readonly<Record<Lang, string>>,
    metaKey: string,
  ): { row: number; col: number; value: RawCell } | null {
    const address = parseCellAddress(metaValue(this.workbook, metaKey) ?? '');
    const col = address?.col ?? 1;
    const wanted = new Set(Object.values(labels).map(normaliseLabel));
    const labelled = summary.rows.find((row) => wanted.has(normaliseLabel(describeCell(row.cells[0]).text)));
    if (labelled) return { row: labelled.number, col, value: labelled.cells[col] ?? null };
    if (address === null) return null;
    const row = summary.rows.find((r) => r.number === address.row);
    return { row: address.row, col, value: row?.cells[col] ?? null };
  }

  private sortedFindings(): Finding[] {
    const order = new Map(this.workbook.sheets.map((sheet, i) => [sheet.name, i]));
    return this.findings
      .map((finding, i) => ({ finding, i }))
      .sort(
        (a, b) =>
          (order.get(a.finding.sheet) ?? -1) - (order.get(b.finding.sheet) ?? -1) ||
          a.finding.row - b.finding.row ||
          (a.finding.column === '' ? -1 : columnIndex(a.finding.column)) - (b.finding.column === '' ? -1 : columnIndex(b.finding.column)) ||
          a.i - b.i,
      )
      .map(({ finding }) => finding);
  }
}

/** A Link to CRM id cell: `''`, `new` (new/nieuw/nouveau), a candidate's id (also typed as a number or pasted as its whole line), or the text. */
function parseLink(info: CellInfo, candidates: readonly Candidate[]): string {
  const text = restore(info.text.trim()).trim();
  if (text === '') return '';
  if (NEW_WORDS.has(text.toLowerCase())) return 'new';
  const byId = candidates.find((c) => c.crmId === text || isLostLeadingZero(text, c.crmId));
  if (byId) return byId.crmId;
  const byLine = candidates.find((c) => {
    const line = formatCandidates([c]);
    return line === text || (text.startsWith(`${c.crmId} `) && line.startsWith(text));
  });
  return byLine ? byLine.crmId : text;
}

/** A read-only cell's text as the export hashed it: numbers with `String(n)`, blank as empty, no restore. */
function hashText(cell: RawCell): string {
  const info = describeCell(cell);
  return info.type === 'number' ? String(info.number) : info.text;
}

function cellRefOf(place: Place): string {
  return cellRef(place.sheet, place.row, place.col);
}

function quote(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return `"${shown}"`;
}

function asLang(value: string | undefined): Lang | undefined {
  return value === 'nl' || value === 'fr' || value === 'en' ? value : undefined;
}
