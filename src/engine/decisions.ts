/**
 * Decisions read from an edited workbook, after validation. Import produces them (src/import);
 * the plan builder consumes them with the registered proposal and fresh snapshots.
 */
import type { ConditionOperator } from './model.js';

export interface RowDecision {
  /** Row key, e.g. `B2C:ACME`. */
  key: string;
  /** Data sheet key (`bobToCrm`, `crmToBob`, `personalFields`, `mapping`). */
  sheet: string;
  noSync: boolean;
  notThisTime: boolean;
  /** `''`, a CRM id among the row's candidates, or `new` (create in CRM even though candidates exist). */
  linkToCrmId: string;
  /** CRM to BOB: the BOB code to create (upper-cased), or empty. */
  newBobId: string;
  note: string;
  /** Personal fields only. */
  crmField: string;
  sel: boolean;
  condition: ConditionOperator | '';
  value: string;
}

/** A row with no decision taken (every flag off, every text empty), with `values` on top. */
export function rowDecision(key: string, sheet: string, values: Partial<RowDecision> = {}): RowDecision {
  return {
    key,
    sheet,
    noSync: false,
    notThisTime: false,
    linkToCrmId: '',
    newBobId: '',
    note: '',
    crmField: '',
    sel: false,
    condition: '',
    value: '',
    ...values,
  };
}

export interface Decisions {
  proposalId: string;
  /** Summary: The synchronisation data is correct = yes. */
  confirmed: boolean;
  reviewedBy: string;
  /** By row key. Rows deleted from the workbook are absent. */
  rows: Map<string, RowDecision>;
}
