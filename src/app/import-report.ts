/**
 * What `import` reports, printed or as JSON, the same for a dry run and an apply: the plan in
 * counts, every finding with its cell, the result of each row, the run. Made here from the plan and
 * the apply's results, so that the command only renders it.
 */
import { YES } from '../../templates/columns.js';
import type { ApplyCounts, ApplyResult } from '../apply/apply-plan.js';
import type { RowResult } from '../apply/row-results.js';
import type { Lang } from '../config/types.js';
import type { OperationKind, Plan } from '../engine/plan-model.js';
import type { Finding } from '../import/finding.js';
import type { ResultLine, RunSheetCounts } from '../import/result/write-result.js';

export interface PlanSummary {
  /** Operations per kind. */
  operations: Partial<Record<OperationKind, number>>;
  /** Rows skipped per reason. */
  skipped: Record<string, number>;
  /** Mapping table changes per kind. */
  mappingChanges: Record<string, number>;
  /** Personal field settings to save. */
  settings: number;
  /** Rows an earlier run of this proposal started; they are finished, not judged again. */
  resumedRows: number;
  /** What each personal-field condition leaves out of the whole run, of how many direction rows. */
  conditions: Array<{ field: string; leftOut: number; of: number }>;
}

export interface RunSummary {
  id: string;
  user: string;
  startedAt: string;
  finishedAt: string;
  status: ApplyResult['status'];
  counts: ApplyCounts;
  failures: Array<{ opId: string; rowKey: string; reason: string }>;
  /** Set when the run stopped early because the CRM kept failing: what it said last. */
  outage: string;
}

export interface ImportReport {
  proposalId: string;
  input: string;
  format: 'xlsx' | 'csv';
  /** sha-256 of the imported file (see readWorkbook for a CSV folder). */
  fileSha256: string;
  mode: 'dry-run' | 'apply';
  /** True when the plan was executed. */
  applied: boolean;
  confirmed: boolean;
  /** The confirmation cell, e.g. `Summary!B31`. */
  confirmCell: string;
  reviewedBy: string;
  /** One sentence saying what happened and what to do next. */
  message: string;
  findings: Finding[];
  notes: string[];
  deletedRows: string[];
  plan: PlanSummary;
  /** One result per row the plan covers (the Result column). */
  rows: RowResult[];
  run: RunSummary | null;
  /** The result workbook written, or empty. */
  resultPath: string;
  resultSha256: string;
  /** 0 clean or fully applied; 1 findings, refused apply, failed operations; 73 result not written. */
  exitCode: number;
}

/** `directionRows`: the BOB to CRM and CRM to BOB rows the plan judged (what a condition can leave out). */
export function summarisePlan(plan: Plan, resumedRows: number, directionRows: number): PlanSummary {
  const operations: PlanSummary['operations'] = {};
  for (const op of plan.operations) operations[op.kind] = (operations[op.kind] ?? 0) + 1;
  const skipped: Record<string, number> = {};
  for (const row of plan.skipped) skipped[row.reason] = (skipped[row.reason] ?? 0) + 1;
  const mappingChanges: Record<string, number> = {};
  for (const change of plan.mappingChanges) mappingChanges[change.change] = (mappingChanges[change.change] ?? 0) + 1;
  const conditions = Object.entries(skipped)
    .filter(([reason]) => reason.startsWith('condition '))
    .map(([reason, leftOut]) => ({ field: reason.slice('condition '.length), leftOut, of: directionRows }));
  return { operations, skipped, mappingChanges, settings: plan.settings.length, resumedRows, conditions };
}

/** What the Run sheet counts: rows by result (failures together), and the operations after an apply. */
export function runSheetCounts(rows: ReadonlyMap<string, RowResult>, counts: ApplyCounts | undefined): RunSheetCounts {
  const lines = new Map<string, { line: ResultLine; count: number }>();
  for (const row of rows.values()) {
    const line: ResultLine = { status: row.status, reason: row.status === 'skipped' ? row.reason : '' };
    const key = `${line.status}|${line.reason}`;
    const entry = lines.get(key);
    if (entry === undefined) lines.set(key, { line, count: 1 });
    else entry.count += 1;
  }
  return {
    rows: [...lines.values()],
    operations:
      counts === undefined
        ? null
        : { total: counts.operations, applied: counts.applied, earlier: counts.skipped, failed: counts.failed, notRun: counts.notRun, byKind: counts.byKind },
  };
}

/** Counts recorded with the run (English keys, as the run register keeps them): rows by result, operations by status and kind. */
export function runCounts(counts: ApplyCounts | undefined, rows: ReadonlyMap<string, RowResult>): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (key: string, n = 1): void => {
    out[key] = (out[key] ?? 0) + n;
  };
  for (const row of rows.values()) add(`rows ${row.status === 'failed' ? 'failed' : row.text}`);
  if (counts !== undefined) {
    add('operations', counts.operations);
    add('operations applied', counts.applied);
    add('operations done by an earlier run', counts.skipped);
    add('operations failed', counts.failed);
    add('operations not run', counts.notRun);
    for (const [kind, n] of Object.entries(counts.byKind)) add(`applied ${kind}`, n ?? 0);
  }
  return out;
}

export function dryRunMessage(report: ImportReport, lang: Lang): string {
  const count = Object.values(report.plan.operations).reduce((a, b) => a + (b ?? 0), 0);
  if (report.findings.length > 0) {
    return `dry run: nothing was changed; the workbook has ${report.findings.length} finding(s) to fix before it can be applied`;
  }
  const next = report.confirmed
    ? 'run the import again with --apply to apply them'
    : `set ${report.confirmCell} to ${YES[lang]} and run the import again with --apply to apply them`;
  return `dry run: nothing was changed; ${count} operation(s) would run — ${next}`;
}

export function applyMessage(result: ApplyResult, report: ImportReport, resultError: string): string {
  const c = result.counts;
  const parts = [`${c.applied} operation(s) applied`];
  if (c.skipped > 0) parts.push(`${c.skipped} already done by an earlier run`);
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.notRun > 0) parts.push(`${c.notRun} not run`);
  const head = result.status === 'applied' ? `proposal ${report.proposalId} applied` : `proposal ${report.proposalId} partially applied`;
  const retry =
    result.outage !== ''
      ? `; the run stopped early because the CRM stopped answering (${result.outage}): run the same import again once it answers, to finish it`
      : result.status === 'applied'
        ? ''
        : '; fix the cause and run the same import again to finish it';
  const written = resultError !== '' ? `; the result workbook could not be written: ${resultError}` : `; result written to ${report.resultPath}`;
  return `${head}: ${parts.join(', ')}${retry}${written}`;
}
