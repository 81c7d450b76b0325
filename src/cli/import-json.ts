/**
 * The `--json` form of an import report: the same content as the printed report and the result
 * workbook (each row's Result, the run, the counts, the findings with their cells), as one JSON
 * document with a stable shape.
 */
import type { ImportReport } from '../app/import-report.js';

/** A row's result as the JSON report gives it. */
export interface ImportReportJsonRow {
  rowKey: string;
  sheet: string;
  result: string;
  detail: string;
}

/** The report, with the result workbook as one member and the rows' results in their JSON form. */
export type ImportReportJson = Omit<ImportReport, 'rows' | 'resultPath' | 'resultSha256'> & {
  result: { path: string; sha256: string } | null;
  rows: ImportReportJsonRow[];
};

function jsonRow(row: ImportReport['rows'][number]): ImportReportJsonRow {
  return { rowKey: row.rowKey, sheet: row.sheet, result: row.text, detail: row.detail };
}

/** The report as plain JSON data (no Maps, no class instances). */
export function importReportJson(report: ImportReport): ImportReportJson {
  return {
    proposalId: report.proposalId,
    input: report.input,
    format: report.format,
    fileSha256: report.fileSha256,
    mode: report.mode,
    applied: report.applied,
    confirmed: report.confirmed,
    confirmCell: report.confirmCell,
    reviewedBy: report.reviewedBy,
    message: report.message,
    exitCode: report.exitCode,
    plan: report.plan,
    run: report.run,
    result: report.resultPath === '' ? null : { path: report.resultPath, sha256: report.resultSha256 },
    findings: report.findings,
    deletedRows: report.deletedRows,
    notes: report.notes,
    rows: report.rows.map(jsonRow),
  };
}

/** Rows per piece of `importReportJsonChunks`. */
const ROWS_PER_CHUNK = 2000;

/**
 * `importReportJson` as indented text, for stdout, in pieces that each end a line: the rows (one
 * per line) follow in groups, so that 100k+ rows never make one text of tens of megabytes (it was
 * the peak of a large dry run's memory). Joined, the pieces are one JSON document.
 */
export function* importReportJsonChunks(report: ImportReport): Generator<string> {
  const { rows: _rows, ...head } = importReportJson({ ...report, rows: [] });
  const opening = JSON.stringify(head, null, 2);
  if (report.rows.length === 0) {
    yield `${opening.slice(0, -2)},\n  "rows": []\n}\n`;
    return;
  }
  yield `${opening.slice(0, -2)},\n  "rows": [\n`;
  for (let start = 0; start < report.rows.length; start += ROWS_PER_CHUNK) {
    const end = Math.min(start + ROWS_PER_CHUNK, report.rows.length);
    let text = '';
    for (let i = start; i < end; i++) {
      text += `    ${JSON.stringify(jsonRow(report.rows[i]!))}${i + 1 < report.rows.length ? ',' : ''}\n`;
    }
    yield text;
  }
  yield '  ]\n}\n';
}

/** `importReportJsonChunks` joined. */
export function importReportJsonText(report: ImportReport): string {
  return [...importReportJsonChunks(report)].join('');
}
