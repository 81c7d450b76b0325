/**
 * Executes a Plan (DESIGN §7.6): BOB inserts in transactions, one at a time; CRM calls with bounded
 * concurrency, the operations of one row in order and rows in parallel; every operation journaled
 * before (`started`) and after (`done` or `failed`). Never throws for one operation: each gets a
 * status, a failed one marks the rest of its row `not-run`.
 *
 * A rerun finishes what is left without doing anything twice: an operation journaled `done` is not
 * run again (its detail, e.g. the CRM id it created, is reused); one that was `started` and never
 * finished is first looked for (a company by `comp_bobid`, a BOB customer by its code), and adopted
 * when found.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { groupBy } from '../engine/collections.js';
import type { CrmCompany, CrmPerson } from '../engine/model.js';
import { normaliseText } from '../engine/normalise.js';
import type { BobInsertCustomerOp, CrmCreateCompanyOp, CrmPersonValues, CrmSetBobIdOp, CrmUpdateCompanyOp, Operation, OperationKind, Plan } from '../engine/plan-model.js';
import { BobsyncError, isBobsyncError } from '../errors.js';
import type { BobPort } from '../sources/bob/bob-port.js';
import type { CrmPort } from '../sources/crm/crm-port.js';
import type { JournalStatus, StatePort } from '../sources/state/state-port.js';
import type { EarlierRuns, JournalState } from './journal.js';

export type OperationStatus = 'applied' | 'failed' | 'skipped' | 'not-run';

export interface OperationResult {
  opId: string;
  rowKey: string;
  kind: OperationKind;
  /** `skipped`: an earlier run of this proposal did it already (journaled `done`). */
  status: OperationStatus;
  /** What the operation produced (e.g. `{ crmId }`), also for one done by an earlier run. */
  detail: Record<string, unknown>;
  /** Why it failed, or for `not-run` which operation failed before it. */
  reason: string;
  /** For `skipped`: the run that did it. */
  previousRun: string;
  /** For `failed`: the source did not answer or refused us (not this operation's own fault). */
  outage?: boolean;
}

export interface ApplyCounts {
  operations: number;
  applied: number;
  failed: number;
  /** Done by an earlier run of the same proposal. */
  skipped: number;
  notRun: number;
  /** Applied operations per kind. */
  byKind: Partial<Record<OperationKind, number>>;
}

export interface ApplyResult {
  runId: string;
  proposalId: string;
  /** In plan order. */
  operations: OperationResult[];
  counts: ApplyCounts;
  /** `applied` when nothing failed or was left unrun. */
  status: 'applied' | 'partially-applied';
  /** Set when the run stopped early because the CRM kept failing: what it said last. */
  outage: string;
}

export interface ApplyProgress {
  done: number;
  total: number;
  result: OperationResult;
}

export interface ApplyDeps {
  bob: BobPort;
  crm: CrmPort;
  state: StatePort;
  /** Rows applied at the same time (CRM calls in flight are also bounded by the client). */
  concurrency: number;
  runId: string;
  proposalId: string;
  /** What the journal said before this run (read under the run lock). */
  earlier: EarlierRuns;
  now: () => Date;
  user: string;
  onProgress?: (progress: ApplyProgress) => void;
  /** Operations failing in a row for want of the CRM after which the run stops (default 10). */
  outageAfter?: number;
}

/** Failures in a row, each because a source did not answer, after which an apply stops. */
const OUTAGE_AFTER = 10;

/** Applies `plan`, journals every operation and marks the proposal `applied` or `partially-applied`. */
export async function applyPlan(plan: Plan, deps: ApplyDeps): Promise<ApplyResult> {
  const journal = deps.earlier.operations;
  const rows = groupBy(plan.operations, (op) => op.rowKey);

  const results = new Map<string, OperationResult>();
  const limit = pLimit(Math.max(1, Math.floor(deps.concurrency)));
  // The BOB database (with the state store) is written one call at a time: contact ids are taken
  // as MAX + 1 inside the insert's transaction, and a journal entry must never be written inside
  // another flow's transaction, where a rollback would take it along. CRM calls stay concurrent.
  const bobQueue = pLimit(1);
  const queuedDeps: ApplyDeps = { ...deps, state: queued(deps.state, bobQueue) };
  let done = 0;
  const total = plan.operations.length;
  // A CRM that stops answering fails every operation after a long retry each: stop after a few in a
  // row instead, and leave the rest for the rerun (the journal knows where it stopped).
  const outageAfter = deps.outageAfter ?? OUTAGE_AFTER;
  let failingInARow = 0;
  let outage = '';
  const record = (result: OperationResult): void => {
    results.set(result.opId, result);
    done += 1;
    if (result.status === 'failed' && result.outage === true) {
      failingInARow += 1;
      if (failingInARow >= outageAfter && outage === '') outage = result.reason;
    } else if (result.status === 'applied') failingInARow = 0;
    deps.onProgress?.({ done, total, result });
  };

  await Promise.all(
    [...rows.values()].map((ops) =>
      limit(async () => {
        for (const op of ops) {
          // Dependencies are earlier operations of the same row, so they have a result by now.
          const blocker = op.dependsOn.find((id) => !isDone(results.get(id)?.status ?? 'not-run'));
          if (blocker !== undefined) {
            record(result(op, 'not-run', {}, `not run because ${blocker} did not succeed`));
            continue;
          }
          if (outage !== '') {
            record(result(op, 'not-run', {}, `not run: the run stopped after ${outageAfter} operations in a row failed because a source did not answer`));
            continue;
          }
          record(await runOperation(op, journal.get(op.opId), results, queuedDeps, bobQueue));
        }
      }),
    ),
  );

  const operations = plan.operations.map((op) => results.get(op.opId)!);
  const counts = countResults(operations);
  const status = counts.failed === 0 && counts.notRun === 0 ? 'applied' : 'partially-applied';
  await deps.state.setProposalStatus(deps.proposalId, status, status === 'applied' ? deps.runId : '');
  return { runId: deps.runId, proposalId: deps.proposalId, operations, counts, status, outage };
}

/**
 * The state port with every call queued on `queue` (each method in turn; the row iteration of
 * `proposalRows` is not a call that holds the database and passes through).
 */
function queued(state: StatePort, queue: LimitFunction): StatePort {
  return new Proxy(state, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || key === 'proposalRows') return value;
      return (...args: unknown[]) => queue(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
}

const isDone = (status: OperationStatus): boolean => status === 'applied' || status === 'skipped';

async function runOperation(
  op: Operation,
  prior: JournalState | undefined,
  results: ReadonlyMap<string, OperationResult>,
  deps: ApplyDeps,
  bobQueue: LimitFunction,
): Promise<OperationResult> {
  if (prior?.status === 'done') {
    const skipped = result(op, 'skipped', prior.detail, '');
    skipped.previousRun = prior.runId;
    return skipped;
  }
  const journal = (status: JournalStatus, detail: Record<string, unknown>): Promise<void> =>
    deps.state.writeJournal({
      runId: deps.runId,
      opId: op.opId,
      proposalId: deps.proposalId,
      rowKey: op.rowKey,
      status,
      detail: JSON.stringify(detail),
      at: deps.now().toISOString(),
    });
  try {
    await journal('started', describe(op));
  } catch (error) {
    // Without a `started` entry a rerun could not tell that this operation may have happened.
    return result(op, 'failed', {}, `the journal cannot be written: ${reasonOf(error)}`);
  }
  // An earlier attempt that never reported back may have done its work.
  const retried = prior !== undefined;
  let detail: Record<string, unknown>;
  try {
    detail = await execute(op, retried, results, deps, bobQueue);
  } catch (error) {
    const reason = reasonOf(error);
    await journal('failed', { error: reason }).catch(() => undefined);
    const failed = result(op, 'failed', {}, reason);
    if (isBobsyncError(error, 'transient') || isBobsyncError(error, 'unavailable')) failed.outage = true;
    return failed;
  }
  // The work is done; a rerun would find it even if this entry were lost.
  await journal('done', detail).catch(() => undefined);
  return result(op, 'applied', detail, '');
}

async function execute(
  op: Operation,
  retried: boolean,
  results: ReadonlyMap<string, OperationResult>,
  deps: ApplyDeps,
  bobQueue: LimitFunction,
): Promise<Record<string, unknown>> {
  switch (op.kind) {
    case 'crm-create-company':
      return createCompany(op, retried, deps.crm);
    case 'crm-update-company':
      return updateCompany(op, retried, deps.crm);
    case 'crm-set-bobid':
      return setBobId(op, results, deps.crm);
    case 'bob-insert-customer':
      return bobQueue(() => insertCustomer(op, retried, deps.bob));
    case 'map-link': {
      const crmId = op.entry.crmId !== '' ? op.entry.crmId : crmIdFrom(op.crmIdFrom, results);
      const entry = { ...op.entry, crmId };
      await deps.state.upsertMapping([entry]);
      return { bobId: entry.bobId, crmId };
    }
    case 'map-nosync':
      await deps.state.upsertMapping([op.entry]);
      return { bobId: op.entry.bobId, crmId: op.entry.crmId };
    case 'map-clear-nosync':
      if (op.remove) await deps.state.deleteMapping(op.entry.bobId, op.entry.crmId);
      else await deps.state.upsertMapping([op.entry]);
      return { bobId: op.entry.bobId, crmId: op.entry.crmId, removed: op.remove };
    case 'pf-save':
      await deps.state.savePersonalFieldSettings([op.setting]);
      return { column: op.setting.column };
  }
}

/**
 * Creates the company, then its address and persons. When an earlier attempt may have created it,
 * or the create fails (its answer may have been lost), the company is looked up by `comp_bobid`
 * first and adopted; only the address and persons it lacks are then created.
 */
async function createCompany(op: CrmCreateCompanyOp, retried: boolean, crm: CrmPort): Promise<Record<string, unknown>> {
  let found: CrmCompany | undefined = retried ? await findByBobId(crm, op.bobId) : undefined;
  if (found === undefined) {
    try {
      const crmId = await crm.createCompany(op.company);
      const addressId = op.address !== null ? await crm.createAddress(crmId, op.address) : '';
      const personIds: string[] = [];
      for (const person of op.persons) personIds.push(await crm.createPerson(crmId, person));
      return { crmId, addressId, personIds };
    } catch (error) {
      found = await findByBobId(crm, op.bobId).catch(() => undefined);
      if (found === undefined) throw error;
    }
  }
  const crmId = found.id;
  let addressId = found.address?.id ?? '';
  if (op.address !== null && found.address === null) addressId = await crm.createAddress(crmId, op.address);
  const personIds = await createMissingPersons(crm, crmId, op.persons, await crm.getPersons([crmId]));
  return { crmId, addressId, personIds, adopted: true };
}

async function updateCompany(op: CrmUpdateCompanyOp, retried: boolean, crm: CrmPort): Promise<Record<string, unknown>> {
  if (Object.keys(op.company).length > 0) await crm.updateCompany(op.crmId, op.company);
  let addressId = op.address?.id ?? '';
  if (op.address !== null) {
    if (op.address.id !== '') {
      await crm.updateAddress(op.address.id, op.address.values);
    } else {
      const current = retried ? (await crm.getCompanies([op.crmId]))[0]?.address ?? null : null;
      if (current !== null) await crm.updateAddress(current.id, op.address.values);
      else addressId = await crm.createAddress(op.crmId, op.address.values);
      if (current !== null) addressId = current.id;
    }
  }
  const existing = retried && op.persons.length > 0 ? await crm.getPersons([op.crmId]) : [];
  const personIds = await createMissingPersons(crm, op.crmId, op.persons, existing);
  return { crmId: op.crmId, addressId, personIds };
}

async function setBobId(op: CrmSetBobIdOp, results: ReadonlyMap<string, OperationResult>, crm: CrmPort): Promise<Record<string, unknown>> {
  const crmId = op.crmId !== '' ? op.crmId : crmIdFrom(op.dependsOn[0], results);
  await crm.updateCompany(crmId, { bobId: op.bobId });
  return { crmId, bobId: op.bobId };
}

/**
 * Inserts the customer and its contacts in one transaction. The code is checked inside it: taken
 * after an unfinished earlier attempt means that attempt committed (adopted when the name matches);
 * taken otherwise is a failure.
 */
async function insertCustomer(op: BobInsertCustomerOp, retried: boolean, bob: BobPort): Promise<Record<string, unknown>> {
  const bobId = op.party.id.toUpperCase();
  return bob.transaction(async (tx) => {
    const inUse = await tx.idsInUse([bobId]);
    if (inUse.has(bobId)) {
      if (retried) {
        const [existing] = await tx.thirdParties([bobId]);
        if (existing !== undefined && normaliseText(existing.name) === normaliseText(op.party.name)) return { bobId, adopted: true };
      }
      throw new BobsyncError('bad-input', `BOB code ${bobId} is already used by another third party`, {
        hint: 'choose another New BOB id in the workbook, or run bobsync analyse for a new proposal',
      });
    }
    await tx.insertThirdParty(op.party);
    const contactIds: string[] = [];
    for (const contact of op.contacts) contactIds.push(await tx.insertContact(contact));
    return { bobId, contactIds };
  });
}

async function findByBobId(crm: CrmPort, bobId: string): Promise<CrmCompany | undefined> {
  const found = await crm.findCompaniesByBobId([bobId]);
  const wanted = bobId.toUpperCase();
  // Several would be an earlier duplicate: keep to the oldest (lowest id).
  return found
    .filter((company) => company.bobId.trim().toUpperCase() === wanted)
    .sort((a, b) => Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}

async function createMissingPersons(crm: CrmPort, crmId: string, persons: readonly CrmPersonValues[], existing: readonly CrmPerson[]): Promise<string[]> {
  const names = new Set<string>();
  for (const person of existing) {
    names.add(normaliseText(`${person.firstName} ${person.lastName}`));
    names.add(normaliseText(`${person.lastName} ${person.firstName}`));
  }
  const ids: string[] = [];
  for (const person of persons) {
    const key = normaliseText(`${person.firstName ?? ''} ${person.lastName ?? ''}`);
    if (names.has(key)) continue;
    ids.push(await crm.createPerson(crmId, person));
    names.add(key);
  }
  return ids;
}

function crmIdFrom(opId: string | undefined, results: ReadonlyMap<string, OperationResult>): string {
  const detail = opId === undefined ? undefined : results.get(opId)?.detail;
  const crmId = typeof detail?.crmId === 'string' ? detail.crmId : '';
  if (crmId === '') throw new BobsyncError('internal', `the CRM id produced by ${opId ?? '(none)'} is unknown`);
  return crmId;
}

/** What the `started` entry says: enough to tell later what was attempted. */
function describe(op: Operation): Record<string, unknown> {
  switch (op.kind) {
    case 'crm-create-company':
      return { kind: op.kind, bobId: op.bobId };
    case 'crm-update-company':
      return { kind: op.kind, crmId: op.crmId, bobId: op.bobId, fields: Object.keys(op.company) };
    case 'crm-set-bobid':
      return { kind: op.kind, crmId: op.crmId, bobId: op.bobId };
    case 'bob-insert-customer':
      return { kind: op.kind, bobId: op.party.id, contacts: op.contacts.length };
    case 'map-link':
    case 'map-nosync':
    case 'map-clear-nosync':
      return { kind: op.kind, bobId: op.entry.bobId, crmId: op.entry.crmId };
    case 'pf-save':
      return { kind: op.kind, column: op.setting.column };
  }
}

function result(op: Operation, status: OperationStatus, detail: Record<string, unknown>, reason: string): OperationResult {
  return { opId: op.opId, rowKey: op.rowKey, kind: op.kind, status, detail, reason, previousRun: '' };
}

function countResults(results: readonly OperationResult[]): ApplyCounts {
  const counts: ApplyCounts = { operations: results.length, applied: 0, failed: 0, skipped: 0, notRun: 0, byKind: {} };
  for (const r of results) {
    if (r.status === 'applied') {
      counts.applied += 1;
      counts.byKind[r.kind] = (counts.byKind[r.kind] ?? 0) + 1;
    } else if (r.status === 'failed') counts.failed += 1;
    else if (r.status === 'skipped') counts.skipped += 1;
    else counts.notRun += 1;
  }
  return counts;
}

/** One line, without a trailing period: what went wrong (the error's message, and its hint when it has one). */
export function reasonOf(error: unknown): string {
  if (error instanceof BobsyncError) return error.message.replace(/\s+/g, ' ').trim();
  if (error instanceof Error) return error.message.replace(/\s+/g, ' ').trim() || error.name;
  return String(error);
}
