/**
 * Reads the decisions out of an edited workbook and validates every one of them (DESIGN §7.2–7.3):
 * pure, no I/O. Every problem becomes a finding with its cell, all are collected; only a missing
 * or altered `_meta` stops everything (it throws `bad-input`, see checkMeta).
 */
import type { ErrorObject } from 'ajv';
import { COLUMNS, CSV_FILES, DATA_SHEETS, SHEET_NAMES, YES, isDecision } from '../../templates/columns.js';
import { asLang, type Lang } from '../config/types.js';
import { rowDecision, type Decisions, type RowDecision } from '../engine/decisions.js';
import { CONDITION_OPERATORS, type Candidate, type ConditionOperator, type DataSheetKey } from '../engine/model.js';
import { BobsyncError } from '../errors.js';
import type { ProposalRecord, ProposalRowRecord } from '../sources/state/state-port.js';
import { describeCell, isBlankCell, type CellInfo, type RawCell } from '../workbook/cell-value.js';
import { parseCondition } from '../workbook/codecs/condition.js';
import { parseFlag } from '../workbook/codecs/flag.js';
import { parseLink } from '../workbook/codecs/link.js';
import { bobIdRule, parseNewBobId } from '../workbook/codecs/new-bob-id.js';
import { metaValue, type RawRow, type RawWorkbook } from '../workbook/raw-workbook.js';
import { checkMeta } from './check-meta.js';
import { Claims, type Place } from './claims.js';
import { decisionSchemas, type DecisionSchemas } from './decision-schemas.js';
import { cellFinding, quote, rowFinding, sortFindings, type Finding, type FindingCode } from './finding.js';
import { locateColumns, type LocatedSheet } from './locate-columns.js';
import { ReadOnlyCells } from './read-only-cells.js';
import { readSummary } from './read-summary.js';
import { registeredPayload } from './registered-payload.js';

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

interface RowContext {
  located: LocatedSheet;
  row: RawRow;
  rowKey: string;
  record: ProposalRowRecord;
}

class DecisionReader {
  private readonly findings: Finding[] = [];
  private readonly notes: string[] = [];
  private readonly rows = new Map<string, RowDecision>();
  private readonly seen = new Map<string, Place>();
  private readonly needsChoice: string[] = [];
  private readonly claims = new Claims();
  private readonly readOnly: ReadOnlyCells;
  private readonly bySheet = Object.fromEntries(DATA_SHEETS.map((key) => [key, 0])) as Record<DataSheetKey, number>;
  private readonly lang: Lang;
  private readonly schemas: DecisionSchemas;
  private readonly crmFields: Map<string, string>;

  constructor(
    private readonly workbook: RawWorkbook,
    private readonly registered: RegisteredProposal,
    private readonly context: ValidationContext,
  ) {
    this.lang = asLang(metaValue(workbook, 'lang')) ?? asLang(registered.proposal.lang) ?? context.lang ?? 'en';
    this.schemas = decisionSchemas(context.bobIdPattern);
    this.crmFields = new Map([...context.crmFieldNames].map((name) => [name.toLowerCase(), name]));
    this.readOnly = new ReadOnlyCells(workbook, registered.proposal, this.lang);
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
    const readOnly = this.readOnly.explain(located.sheets);
    this.findings.push(...readOnly.findings);
    if (readOnly.mangled > 0) {
      this.notes.push(
        `${readOnly.mangled} read-only cell(s) came back as Excel re-saves them (leading zeros lost, scientific notation, characters the CSV's encoding lacks); they were read as exported.`,
      );
    }
    this.findings.push(...this.claims.findings(this.context.linkedCrmIds));

    const deletedRows: string[] = [];
    for (const record of this.registered.rows.values()) {
      if (readable.has(record.sheet) && !this.seen.has(record.key)) deletedRows.push(record.key);
    }

    let confirmed = false;
    let reviewedBy = '';
    if (located.summary === null) this.missingSheet('summary');
    else {
      const summary = readSummary(this.workbook, located.summary, this.lang, this.schemas);
      ({ confirmed, reviewedBy } = summary);
      this.findings.push(...summary.findings);
      this.notes.push(...summary.notes);
    }
    const findings = sortFindings(this.findings, this.workbook.sheets);
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
    const rowKey = describeCell(this.raw(located, row, 'rowKey')).text.trim();
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
          : `Row key ${rowKey} belongs on sheet "${this.sheetName(record.sheet)}", not here: delete this row.`;
      this.findings.push(rowFinding('unknown-row', name, row.number, rowKey, message));
      return;
    }
    this.seen.set(rowKey, { sheet: name, row: row.number, col: -1, rowKey });
    this.bySheet[located.key] += 1;

    if (hashable) this.readOnly.check(located, row, rowKey, record);
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
      this.claims.link(link, this.place(row, 'linkToCrmId'), true);
    } else if (link === '' && !skipped && payload.action === 'link' && payload.crmId) {
      this.claims.link(payload.crmId, this.place(row, 'crmId'), false);
    }
    if (payload.action === 'choose' && link === '' && !skipped) this.needsChoice.push(row.rowKey);
    this.addDecision(row, { noSync: noSync === true, notThisTime: notThisTime === true, linkToCrmId, note });
  }

  private readCrmToBob(row: RowContext): void {
    const payload = this.payload<{ newBobId?: string }>(row.record);
    const noSync = this.flag(row, 'noSync');
    const notThisTime = this.flag(row, 'notThisTime');
    const note = this.text(row, 'note');
    const newBobId = parseNewBobId(this.decisionCell(row, 'newBobId').text, String(payload.newBobId ?? ''));

    const ok = this.validate(row, this.schemas.crmToBob, { noSync, notThisTime, newBobId, note });
    const used = noSync === false && notThisTime === false && newBobId !== '' && ok.has('newBobId');
    if (used) {
      if (this.context.bobIdsInUse.has(newBobId)) {
        this.cellFinding('bob-id-in-use', row, 'newBobId', `The BOB code ${newBobId} is already used in BOB: choose another ${this.label(row, 'newBobId')}.`);
      } else {
        this.claims.bobId(newBobId, this.place(row, 'newBobId'));
      }
    }
    this.addDecision(row, { noSync: noSync === true, notThisTime: notThisTime === true, newBobId: ok.has('newBobId') ? newBobId : '', note });
  }

  private readPersonalField(row: RowContext): void {
    const crmFieldText = this.decisionCell(row, 'crmField').text.trim();
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
    if (sel === true && crmField) this.claims.crmField(crmField.toLowerCase(), this.place(row, 'crmField'));
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

  /** Free text (Note, Value), trimmed. */
  private text(row: RowContext, columnKey: string): string {
    return this.decisionCell(row, columnKey).text.trim();
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
          this.cellFinding('invalid-bob-id', row, property, `${quote(raw)} is not a valid BOB code: ${bobIdRule(this.context.bobIdPattern)}.`);
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
}

