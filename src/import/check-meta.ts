/**
 * The `_meta` sheet (or meta.json) ties a workbook to its registered proposal. Without it, or
 * with it altered, nothing in the file can be trusted: that is an error for the whole file.
 */
import { BobsyncError } from '../errors.js';
import type { ProposalRecord } from '../sources/state/state-port.js';
import { FORMAT_VERSION } from '../../templates/columns.js';
import { metaHash } from '../workbook/cell-hash.js';
import { metaValue, type RawWorkbook } from '../workbook/raw-workbook.js';

const EXPORT_AGAIN = 'Export the proposal again with `bobsync analyse` and review the new workbook.';

/** The proposal id the workbook was exported for; throws `bad-input` when `_meta` is missing or has none. */
export function proposalIdOf(workbook: RawWorkbook): string {
  if (workbook.meta === null) {
    throw new BobsyncError(
      'bad-input',
      workbook.format === 'xlsx'
        ? `${workbook.path} has no _meta sheet: it was not written by bobsync, or the sheet was deleted.`
        : `${workbook.path} has no meta.json: it is not a CSV folder written by bobsync.`,
      { hint: `Import the workbook written by \`bobsync analyse\`. ${EXPORT_AGAIN}` },
    );
  }
  const id = metaValue(workbook, 'proposalId')?.trim() ?? '';
  if (id === '') throw altered(workbook, 'it names no proposal');
  return id;
}

/**
 * Checks that the workbook belongs to `proposal` (the record found for `proposalIdOf`, or null)
 * and that `_meta` is exactly as exported; throws `bad-input` naming the file otherwise.
 */
export function checkMeta(workbook: RawWorkbook, proposal: ProposalRecord | null): void {
  const id = proposalIdOf(workbook);
  if (proposal === null || proposal.id !== id) {
    throw new BobsyncError('bad-input', `${workbook.path} belongs to proposal ${id}, which is not registered in this state database.`, {
      hint: `Import it with the configuration (database) it was exported with. ${EXPORT_AGAIN}`,
    });
  }
  if (metaHash(workbook.meta!.entries) !== proposal.metaSha256) throw altered(workbook, 'its content differs from the export');
  const version = metaValue(workbook, 'formatVersion');
  if (version !== String(FORMAT_VERSION)) {
    throw new BobsyncError('bad-input', `${workbook.path} was written by another version of bobsync (workbook format ${version ?? 'unknown'}, this version reads ${FORMAT_VERSION}).`, {
      hint: `Its columns are not the ones this version checks. ${EXPORT_AGAIN}`,
    });
  }
}

function altered(workbook: RawWorkbook, what: string): BobsyncError {
  const part = workbook.format === 'xlsx' ? 'The _meta sheet of' : 'The meta.json of';
  return new BobsyncError('bad-input', `${part} ${workbook.path} was altered: ${what}.`, { hint: EXPORT_AGAIN });
}
