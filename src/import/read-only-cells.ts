/**
 * Read-only cells of an edited workbook against what the export wrote. Each row's read-only cells
 * are hashed and compared with the hash registered for the row (cheap, every row). Only the rows
 * that differ are explained afterwards, once per sheet: the export's sheet model (pure) rebuilds
 * what was written from the registered payloads, leading zeros that Excel dropped are forgiven, and
 * the first changed cell is named.
 */
import { COLUMNS, isDecision } from '../../templates/columns.js';
import type { Lang } from '../config/types.js';
import type { EngineRow, Proposal, DataSheetKey } from '../engine/model.js';
import type { ProposalRecord, ProposalRowRecord } from '../sources/state/state-port.js';
import { hashText, readOnlyCellHash, readOnlyTexts } from '../workbook/cell-hash.js';
import type { CellValue } from '../workbook/cell-text.js';
import { asWindows1252, isLostLeadingZero, isScientificRendering } from '../workbook/cell-value.js';
import type { RawRow, RawWorkbook } from '../workbook/raw-workbook.js';
import { sheetModel } from '../workbook/sheet-model.js';
import { cellFinding, quote, rowFinding, type Finding } from './finding.js';
import type { LocatedSheet } from './locate-columns.js';

interface Mismatch {
  row: RawRow;
  rowKey: string;
  record: ProposalRowRecord;
  texts: string[];
}

export class ReadOnlyCells {
  private readonly mismatches = new Map<DataSheetKey, Mismatch[]>();

  constructor(
    private readonly workbook: RawWorkbook,
    private readonly proposal: ProposalRecord,
    private readonly lang: Lang,
  ) {}

  /** Compares a row's read-only cells with the registered hash; a difference is explained by `explain`. */
  check(located: LocatedSheet, row: RawRow, rowKey: string, record: ProposalRowRecord): void {
    const texts: string[] = [];
    for (const column of COLUMNS[located.key]) {
      if (!isDecision(column)) {
        const index = located.columns.get(column.key);
        texts.push(hashText(index === undefined ? null : row.cells[index]));
      }
    }
    if (readOnlyCellHash(texts) === record.cellHash) return;
    let list = this.mismatches.get(located.key);
    if (list === undefined) this.mismatches.set(located.key, (list = []));
    list.push({ row, rowKey, record, texts });
  }

  /** A finding per changed row, naming the first changed cell; and how many cells Excel's re-save only mangled (see `mangled`). */
  explain(sheets: ReadonlyMap<DataSheetKey, LocatedSheet>): { findings: Finding[]; mangled: number } {
    const findings: Finding[] = [];
    let mangledCells = 0;
    for (const [key, mismatches] of this.mismatches) {
      const located = sheets.get(key)!;
      const columns = COLUMNS[key];
      const readOnly = columns.filter((column) => !isDecision(column));
      const expected = this.exportedValues(key, mismatches.map((m) => m.record));
      // What a re-save in Excel does to a cell without changing what it means: forgiven, counted.
      const lossy = located.sheet.lossyEncoding === 'windows-1252';
      const mangled = (text: string, expected: string): boolean =>
        isLostLeadingZero(text, expected) || isScientificRendering(text, expected) || (lossy && text === asWindows1252(expected));
      mismatches.forEach((mismatch, i) => {
        const values = expected?.[i];
        const expectedTexts = values ? readOnlyTexts(columns, values) : null;
        if (expectedTexts === null || readOnlyCellHash(expectedTexts) !== mismatch.record.cellHash) {
          findings.push(
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
          if (mangled(text, expectedTexts[j]!)) {
            zeros += 1;
            return false;
          }
          return true;
        });
        if (changed < 0) {
          mangledCells += zeros;
          return;
        }
        const column = readOnly[changed]!;
        findings.push(
          cellFinding(
            'changed-cell',
            located.sheet.name,
            mismatch.row.number,
            located.columns.get(column.key)!,
            mismatch.rowKey,
            `${column.labels[this.lang]} was changed from ${quote(expectedTexts[changed]!)} to ${quote(mismatch.texts[changed]!)}: ` +
              'read-only cells must keep their exported value; undo the change, or export the proposal again.',
          ),
        );
      });
    }
    return { findings, mangled: mangledCells };
  }

  /** Cell values the export writes for these registered rows, in order; null when the payloads cannot be rendered. */
  private exportedValues(key: DataSheetKey, records: ProposalRowRecord[]): CellValue[][] | null {
    try {
      const proposal: Proposal = { bobToCrm: [], crmToBob: [], personalFields: [], mapping: [], excluded: [] };
      (proposal[key] as EngineRow[]) = records.map((record) => JSON.parse(record.payload) as EngineRow);
      const model = sheetModel(
        proposal,
        {
          proposalId: this.proposal.id,
          createdAt: this.proposal.createdAt,
          createdBy: this.proposal.createdBy,
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
}
