/**
 * What the journal says a proposal's earlier runs did, read once per import: the operations they
 * finished or left started (a rerun skips the first and looks for the work of the second), the rows
 * they touched (finished now: not judged stale or conditioned again), and the codes and links they
 * made (not conflicts for the same proposal's rerun).
 */
import { parseJsonObject } from '../sources/state/json-column.js';
import type { JournalEntry, JournalStatus } from '../sources/state/state-port.js';

/** What the journal says about one operation over all earlier runs of the proposal. */
export interface JournalState {
  /** `done` wins over any other entry; else the last one written. */
  status: JournalStatus;
  detail: Record<string, unknown>;
  runId: string;
}

export interface EarlierRuns {
  /** By operation id. */
  operations: ReadonlyMap<string, JournalState>;
  /** Row keys with any journal entry. */
  rows: ReadonlySet<string>;
  /** BOB codes an `insert-customer` operation was started for (upper case). */
  insertedBobIds: ReadonlySet<string>;
  /** CRM ids a `link` operation recorded. */
  linkedCrmIds: ReadonlySet<string>;
}

export function readJournal(entries: readonly JournalEntry[]): EarlierRuns {
  const operations = new Map<string, JournalState>();
  const rows = new Set<string>();
  const insertedBobIds = new Set<string>();
  const linkedCrmIds = new Set<string>();
  for (const entry of entries) {
    rows.add(entry.rowKey);
    const detail = parseJsonObject(entry.detail);
    if (entry.opId.endsWith('#insert-customer') && typeof detail.bobId === 'string') insertedBobIds.add(detail.bobId.toUpperCase());
    if (entry.opId.endsWith('#link') && entry.status === 'done' && typeof detail.crmId === 'string') linkedCrmIds.add(detail.crmId);
    if (operations.get(entry.opId)?.status !== 'done') operations.set(entry.opId, { status: entry.status, detail, runId: entry.runId });
  }
  return { operations, rows, insertedBobIds, linkedCrmIds };
}
