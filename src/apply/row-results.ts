/**
 * The Result column: one status per proposal row, from the plan and, after an apply, the operations'
 * results (`applied`, `skipped: <reason>`, `failed: <reason>`). A dry run says `would apply` where
 * the apply would write something.
 */
import { push } from '../engine/collections.js';
import type { Plan } from '../engine/plan-model.js';
import type { OperationResult } from './apply-plan.js';

export interface RowResult {
  rowKey: string;
  sheet: string;
  /** `applied`, `would apply`, `skipped`, `failed` or `not-run`. */
  status: 'applied' | 'would apply' | 'skipped' | 'failed' | 'not-run';
  /** The text of the Result column in English, e.g. `skipped: stale`, `failed: Sage CRM … answered 503`. */
  text: string;
  /** Why it was skipped (the plan's skip reason) or failed (the error), else empty. */
  reason: string;
  /** More about a skip (which record changed) or a failure. */
  detail: string;
}

/** Results by row key, for every row the plan covers; `operations` absent means a dry run. */
export function rowResults(plan: Plan, operations?: readonly OperationResult[]): Map<string, RowResult> {
  const results = new Map<string, RowResult>();
  const sheetOf = new Map<string, string>();
  for (const skipped of plan.skipped) sheetOf.set(skipped.rowKey, skipped.sheet);
  const sheetOfOp = (rowKey: string): string => sheetOf.get(rowKey) ?? sheetFromKey(rowKey);

  const byRow = new Map<string, OperationResult[]>();
  if (operations !== undefined) {
    for (const op of operations) push(byRow, op.rowKey, op);
  } else {
    for (const op of plan.operations) if (!byRow.has(op.rowKey)) byRow.set(op.rowKey, []);
  }

  for (const [rowKey, ops] of byRow) {
    const failed = ops.find((op) => op.status === 'failed');
    if (failed !== undefined) {
      results.set(rowKey, { rowKey, sheet: sheetOfOp(rowKey), status: 'failed', text: `failed: ${failed.reason}`, reason: failed.reason, detail: failed.opId });
      continue;
    }
    const notRun = ops.find((op) => op.status === 'not-run');
    if (notRun !== undefined) {
      results.set(rowKey, { rowKey, sheet: sheetOfOp(rowKey), status: 'not-run', text: 'not run', reason: '', detail: notRun.reason });
      continue;
    }
    if (operations === undefined) {
      results.set(rowKey, { rowKey, sheet: sheetOfOp(rowKey), status: 'would apply', text: 'would apply', reason: '', detail: '' });
    } else {
      results.set(rowKey, { rowKey, sheet: sheetOfOp(rowKey), status: 'applied', text: 'applied', reason: '', detail: '' });
    }
  }
  // A skip wins over its row's operations once they succeeded: a No sync row is `skipped: no sync`.
  for (const skipped of plan.skipped) {
    const current = results.get(skipped.rowKey);
    if (current !== undefined && current.status !== 'applied' && current.status !== 'would apply') continue;
    results.set(skipped.rowKey, {
      rowKey: skipped.rowKey,
      sheet: skipped.sheet,
      status: 'skipped',
      text: `skipped: ${skipped.reason}`,
      reason: skipped.reason,
      detail: skipped.detail,
    });
  }
  return results;
}

function sheetFromKey(rowKey: string): string {
  const prefix = rowKey.slice(0, rowKey.indexOf(':'));
  return { B2C: 'bobToCrm', C2B: 'crmToBob', PF: 'personalFields', MAP: 'mapping' }[prefix] ?? '';
}
