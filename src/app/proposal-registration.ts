/**
 * The rows of a written proposal as the state store registers them: the database, not the workbook,
 * is the authority for what was proposed (DESIGN §3).
 */
import type { EngineRow } from '../engine/model.js';
import type { WrittenRow } from '../export/write-proposal.js';
import type { ProposalRowRecord } from '../sources/state/state-port.js';

/** The registration records of `rows`, made one by one as they are iterated. */
export function* registrationRecords(proposalId: string, rows: Iterable<WrittenRow>): Generator<ProposalRowRecord> {
  for (const row of rows) {
    yield { proposalId, key: row.key, sheet: row.sheet, cellHash: row.cellHash, sources: row.sources, payload: payloadOf(row.row) };
  }
}

/**
 * The payload registered with a row: the engine row without its sources, which are registered in
 * a column of their own (a third of the text on a matched row, read back for 100k+ rows on import).
 */
export function payloadOf(row: EngineRow): string {
  if (!('sources' in row)) return JSON.stringify(row);
  const { sources: _sources, ...rest } = row;
  return JSON.stringify(rest);
}
