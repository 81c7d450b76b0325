/**
 * The engine row a registered proposal row carries, parsed once per record: validation reads the
 * direction rows' payloads and the plan needs them again (100k+ JSON texts on a large proposal).
 */
import { BobsyncError } from '../errors.js';
import type { ProposalRowRecord } from '../sources/state/state-port.js';

const parsed = new WeakMap<ProposalRowRecord, Record<string, unknown>>();

/** The parsed payload of `record` (an empty object when it is not an object); a broken one is a bug. */
export function registeredPayload(record: ProposalRowRecord): Record<string, unknown> {
  let payload = parsed.get(record);
  if (payload === undefined) {
    let value: unknown;
    try {
      value = JSON.parse(record.payload);
    } catch (error) {
      throw new BobsyncError('internal', `the registered row ${record.key} of proposal ${record.proposalId} cannot be read`, {
        hint: 'run bobsync analyse for a new proposal',
        cause: error,
      });
    }
    payload = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    parsed.set(record, payload);
  }
  return payload;
}
