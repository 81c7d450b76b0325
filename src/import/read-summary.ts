/**
 * The Summary's decisions: the confirmation (Yes/No) and Reviewed by, read from the cells the one
 * Summary-cell finder names (`summaryCell`). A formula or an error there is a finding and reads as
 * blank; a confirmation that is neither yes nor no is a finding.
 */
import { SUMMARY_LABELS, YES } from '../../templates/columns.js';
import type { Lang } from '../config/types.js';
import { describeCell, type CellInfo } from '../workbook/cell-value.js';
import { parseFlag } from '../workbook/codecs/flag.js';
import type { RawSheet, RawWorkbook } from '../workbook/raw-workbook.js';
import type { DecisionSchemas } from './decision-schemas.js';
import { cellFinding, quote, type Finding } from './finding.js';
import { summaryCell, type SummaryCell } from './locate-columns.js';

export interface SummaryDecisions {
  confirmed: boolean;
  reviewedBy: string;
  findings: Finding[];
  notes: string[];
}

export function readSummary(workbook: RawWorkbook, summary: RawSheet, lang: Lang, schemas: DecisionSchemas): SummaryDecisions {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const confirm = summaryCell(workbook, summary, 'confirmCell');
  const reviewer = summaryCell(workbook, summary, 'reviewedByCell');
  if (confirm === null) notes.push('The confirmation cell was not found on the Summary: the workbook counts as not confirmed.');

  const readCell = (cell: SummaryCell | null, label: string): CellInfo => {
    if (cell === null) return describeCell(null);
    const info = describeCell(cell.value);
    if (info.formula !== null || info.error !== null) {
      findings.push(
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
  const confirmLabel = SUMMARY_LABELS.confirm[lang];
  const confirmed = parseFlag(readCell(confirm, confirmLabel));
  const reviewedBy = readCell(reviewer, SUMMARY_LABELS.reviewedBy[lang]).text.trim();
  if (!schemas.summary({ confirmed, reviewedBy }) && confirm !== null) {
    findings.push(
      cellFinding(
        'invalid-flag',
        summary.name,
        confirm.row,
        confirm.col,
        '',
        `${quote(String(confirmed))} is not a value for "${confirmLabel}": choose ${YES[lang]} or leave it as it is.`,
      ),
    );
  }
  return { confirmed: confirmed === true, reviewedBy, findings, notes };
}
