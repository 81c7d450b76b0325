/**
 * Proposal → what the plan builder gets: rows as the proposals register stores them (payload as
 * JSON, read back) and the decisions a reviewer who changed nothing would give. Shared with the
 * apply tests.
 */
import { rowDecision, type Decisions, type RowDecision } from '../../src/engine/decisions.js';
import type { AnalysisInput, C2BRow, PersonalFieldRow, Proposal } from '../../src/engine/model.js';
import type { FreshRecords, PlanRow } from '../../src/engine/plan-model.js';

const SHEETS = [
  ['bobToCrm', 'bobToCrm'],
  ['crmToBob', 'crmToBob'],
  ['personalFields', 'personalFields'],
  ['mapping', 'mapping'],
  ['excluded', 'excluded'],
] as const;

/** The registered rows of a proposal, in workbook order. */
export function planRowsOf(proposal: Proposal): PlanRow[] {
  const rows: PlanRow[] = [];
  for (const [field, sheet] of SHEETS) {
    for (const row of proposal[field]) {
      rows.push({
        key: row.key,
        sheet,
        payload: JSON.parse(JSON.stringify(row)) as PlanRow['payload'],
        sources: 'sources' in row ? row.sources : [],
      });
    }
  }
  return rows;
}

/** A decision that keeps what was proposed. */
export function keepDecision(row: PlanRow): RowDecision {
  const base = rowDecision(row.key, row.sheet);
  if (row.sheet === 'crmToBob') base.newBobId = (row.payload as C2BRow).newBobId;
  if (row.sheet === 'personalFields') {
    const pf = row.payload as PersonalFieldRow;
    Object.assign(base, { crmField: pf.crmField, sel: pf.selected, condition: pf.condition, value: pf.value });
  }
  if (row.sheet === 'mapping') base.noSync = (row.payload as { noSync: boolean }).noSync;
  return base;
}

/** Decisions for every data row (excluded rows have none), confirmed, with changes by row key. */
export function decisionsFor(rows: readonly PlanRow[], changes: Record<string, Partial<RowDecision>> = {}, confirmed = true): Decisions {
  const map = new Map<string, RowDecision>();
  for (const row of rows) {
    if (row.sheet === 'excluded') continue;
    map.set(row.key, { ...keepDecision(row), ...changes[row.key] });
  }
  return { proposalId: 'P1', confirmed, reviewedBy: 'An', rows: map };
}

/** Fresh records as they are in `input` (every record, grouped like the import reads them). */
export function freshOf(input: AnalysisInput): FreshRecords {
  const bob: FreshRecords['bob'] = new Map();
  for (const party of input.bob.thirdParties) {
    bob.set(party.id, { party, contacts: input.bob.contacts.filter((c) => c.companyId === party.id) });
  }
  const crm: FreshRecords['crm'] = new Map();
  for (const company of input.crm.companies) {
    crm.set(company.id, { company, persons: input.crm.persons.filter((p) => p.companyId === company.id) });
  }
  return { bob, crm, mapping: [...input.mapping] };
}
