/**
 * `import`: read the edited workbook, check it against its registered proposal, validate every
 * decision, read again the records the rows rely on, build the plan — the same code path for the
 * dry run and the apply (Odoo's "Test" idea) — then, with `apply`, the confirmation cell set and no
 * finding, apply it under the run lock, write the result workbook and record the run.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openBobAndState, openCrm, type OpenBob, type OpenCrm } from './open-sources.js';
import { releaseMemory } from './release-memory.js';
import type { Config, Lang } from '../config/types.js';
import { buildPlan, recordsToRead, type FreshRecords, type OperationKind, type Plan, type PlanRow } from '../engine/build-plan.js';
import type { Decisions } from '../engine/decisions.js';
import { BobsyncError } from '../errors.js';
import { restore } from '../workbook/neutralise.js';
import { bobIdsInUse, readBob, readBobContacts, readBobThirdParties } from '../sources/bob/bob-reader.js';
import type { CrmPort } from '../sources/crm/crm-port.js';
import { internCompany, internPerson } from '../sources/crm/crm-dto.js';
import type { CrmCompany, CrmPerson } from '../engine/model.js';
import type { JournalEntry, ProposalRecord, ProposalRowRecord, StatePort } from '../sources/state/state-port.js';
import type { SqlExecutor } from '../sources/bob/executor.js';
import { SHEET_NAMES, SUMMARY_LABELS, YES } from '../../templates/columns.js';
import { applyPlan, type ApplyCounts, type ApplyProgress, type ApplyResult } from '../apply/apply-plan.js';
import { rowResults, type RowResult } from '../apply/row-results.js';
import { alreadyAppliedError, runLockHolder, withRunLock } from '../apply/run-lock.js';
import { describeCell } from '../workbook/cell-value.js';
import { proposalIdOf } from '../import/check-meta.js';
import { cellRef, parseCellAddress, type Finding } from '../import/finding.js';
import { locateColumns } from '../import/locate-columns.js';
import { metaValue, type RawWorkbook } from '../workbook/raw-workbook.js';
import { readWorkbook } from '../import/read-workbook.js';
import { registeredPayload } from '../import/registered-payload.js';
import { defaultResultPath, summaryCellOf } from '../import/result/result-location.js';
import type { ResultRunInfo } from '../import/result/write-result.js';
import { validateDecisions } from '../import/validate-decisions.js';

export interface ImportOptions {
  /** The edited workbook (.xlsx) or CSV folder. */
  path: string;
  apply: boolean;
  /** Result workbook; default `<input>.result.xlsx`. */
  resultPath?: string;
  /** The caller prints the report as JSON (the report is the same). */
  json: boolean;
}

export interface ImportDeps {
  config: Config;
  env: NodeJS.ProcessEnv;
  /** ISO time. */
  now: () => string;
  user: string;
  /** Default: the configured BOB database with the state store in it. */
  openBob?: (config: Config, env: NodeJS.ProcessEnv) => Promise<OpenBob>;
  /** Default: the configured CRM (or the simulator in process). */
  openCrm?: (config: Config, env: NodeJS.ProcessEnv) => Promise<OpenCrm>;
  /** Rows applied at the same time; default the CRM's configured concurrency, else 8. */
  concurrency?: number;
  /** Above this many records the fresh reads take whole tables and feeds instead of asking by id (default 5,000). */
  bulkReadFrom?: number;
  onProgress?: (progress: ApplyProgress) => void;
}

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
}

export interface RunSummary {
  id: string;
  user: string;
  startedAt: string;
  finishedAt: string;
  status: ApplyResult['status'];
  counts: ApplyCounts;
  failures: Array<{ opId: string; rowKey: string; reason: string }>;
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

interface Prepared {
  decisions: Decisions;
  findings: Finding[];
  notes: string[];
  deletedRows: string[];
  plan: Plan;
  resumedRows: Set<string>;
}

/** Runs an import (dry run, or apply); throws a BobsyncError for what stops it, reports findings as data. */
export async function runImport(options: ImportOptions, deps: ImportDeps): Promise<ImportReport> {
  const { config } = deps;
  const input = path.resolve(options.path);
  // Only writing a result workbook needs the cells once the decisions are read: otherwise the
  // workbook (about 100 MB at 100k rows) is let go before the fresh reads and the plan.
  const held: HeldWorkbook = { workbook: await readWorkbook(input), keep: options.apply || options.resultPath !== undefined };
  const { format, fileSha256 } = held.workbook!;
  const proposalId = proposalIdOf(held.workbook!);
  const lang = langOf(held.workbook!, config.lang);
  const confirmCell = confirmCellOf(held.workbook!, lang);

  const bobSide = await (deps.openBob ?? openBobAndState)(config, deps.env);
  let crmSide: OpenCrm | undefined;
  try {
    const { bob, state } = bobSide;
    const proposal = await registeredProposal(state, bob, proposalId);
    const registeredRows = new Map<string, ProposalRowRecord>();
    for await (const row of state.proposalRows(proposalId)) registeredRows.set(row.key, row);
    crmSide = await (deps.openCrm ?? openCrm)(config, deps.env);
    const sources = { bob, state, crm: crmSide.crm };

    const base = (prepared: Prepared, mode: ImportReport['mode']): ImportReport => ({
      proposalId,
      input,
      format,
      fileSha256,
      mode,
      applied: false,
      confirmed: prepared.decisions.confirmed,
      confirmCell,
      reviewedBy: prepared.decisions.reviewedBy,
      message: '',
      findings: prepared.findings,
      notes: prepared.notes,
      deletedRows: prepared.deletedRows,
      plan: summarisePlan(prepared.plan, prepared.resumedRows.size),
      rows: [...rowResults(prepared.plan).values()],
      run: null,
      resultPath: '',
      resultSha256: '',
      exitCode: prepared.findings.length > 0 ? 1 : 0,
    });

    if (!options.apply) {
      const prepared = await prepare(held, proposal, registeredRows, sources, deps);
      const report = base(prepared, 'dry-run');
      report.message = dryRunMessage(report, lang);
      if (options.resultPath !== undefined) await writeDryRunResult(held.workbook!, prepared, report, options.resultPath, deps, lang);
      return report;
    }

    const runId = newRunId(deps.now());
    const holder = runLockHolder(deps.user, runId);
    return await withRunLock(state, holder, deps.now(), async () => {
      // Under the lock: another run may have finished this proposal meanwhile.
      const current = await registeredProposal(state, bob, proposalId);
      const prepared = await prepare(held, current, registeredRows, sources, deps);
      const report = base(prepared, 'apply');
      if (prepared.findings.length > 0) {
        report.message = `nothing was applied: the workbook has ${prepared.findings.length} finding(s); fix them and import again`;
        report.exitCode = 1;
        return report;
      }
      if (!prepared.decisions.confirmed) {
        report.message = `nothing was applied: set ${confirmCell} to ${YES[lang]} ("${SUMMARY_LABELS.confirm[lang]}") once the workbook has been reviewed, then import again with --apply`;
        report.exitCode = 1;
        return report;
      }
      await markInterruptedRuns(state, proposalId, deps.now());
      return applyAndRecord(held.workbook!, prepared, report, runId, options, sources, deps, lang);
    });
  } finally {
    await crmSide?.close().catch(() => undefined);
    await bobSide.close().catch(() => undefined);
  }
}

async function registeredProposal(state: StatePort, bob: SqlExecutor, proposalId: string): Promise<ProposalRecord> {
  const proposal = await state.proposal(proposalId);
  if (proposal === null) {
    throw new BobsyncError('bad-input', `this workbook's proposal ${proposalId} is not registered in ${bob.description}`, {
      hint: 'import it with the configuration (database) it was exported with, or run bobsync analyse for a new proposal',
    });
  }
  if (proposal.status === 'applied') throw alreadyAppliedError(proposal, await state.runs(proposalId));
  return proposal;
}

/** The workbook read, let go after validation unless `keep` (a result workbook is written from it). */
interface HeldWorkbook {
  workbook: RawWorkbook | null;
  keep: boolean;
}

/**
 * Validation, fresh records and plan: everything up to the point where the dry run and the apply
 * part. Consumes `registeredRows`: the map is emptied once its payloads are parsed; and the held
 * workbook, unless it is to be kept.
 */
async function prepare(
  held: HeldWorkbook,
  proposal: ProposalRecord,
  registeredRows: Map<string, ProposalRowRecord>,
  sources: { bob: SqlExecutor; state: StatePort; crm: CrmPort },
  deps: ImportDeps,
): Promise<Prepared> {
  const { config } = deps;
  const { bob, state, crm } = sources;
  const personalColumns = config.personalFields.map((field) => field.column);
  const [journal, mapping, fields] = await Promise.all([state.journal(proposal.id), state.mapping(), crm.companyFields()]);
  const earlier = whatEarlierRunsDid(journal);

  // Codes and links this proposal's own earlier runs made are not conflicts on a rerun.
  const wantedBobIds = newBobIdsOf(held.workbook!, registeredRows);
  const inUse = await bobIdsInUse(bob, config.bobSchema, wantedBobIds);
  for (const id of earlier.insertedBobIds) inUse.delete(id);
  const linkedCrmIds = new Set(mapping.filter((e) => e.bobId !== '' && e.crmId !== '').map((e) => e.crmId));
  for (const id of earlier.linkedCrmIds) linkedCrmIds.delete(id);

  const validation = validateDecisions(
    held.workbook!,
    { proposal, rows: registeredRows },
    {
      bobIdsInUse: inUse,
      crmFieldNames: new Set(fields.map((field) => field.name)),
      linkedCrmIds,
      bobIdPattern: new RegExp(config.bobIdPattern),
      lang: config.lang,
    },
  );

  const planRows: PlanRow[] = [];
  for (const record of registeredRows.values()) {
    // The plan ignores Excluded rows (buildPlan, recordsToRead): their payloads need no parsing.
    if (record.sheet === 'excluded') continue;
    planRows.push({ key: record.key, sheet: record.sheet, payload: registeredPayload(record) as unknown as PlanRow['payload'], sources: record.sources });
  }
  // Parsed, the payload texts (about 70 MB on 100k rows) would only weigh on the fresh reads and the plan.
  registeredRows.clear();
  if (!held.keep) held.workbook = null;
  // The raw cells, the payload texts and validation's own garbage, before the fresh reads add theirs.
  releaseMemory();
  const ids = recordsToRead(planRows, validation.decisions, mapping);
  const fresh = await readFresh(ids, mapping, { bob, crm }, config, personalColumns, deps.bulkReadFrom ?? BULK_READ_FROM);
  const plan = buildPlan({
    proposalRows: planRows,
    decisions: validation.decisions,
    fresh,
    personalFields: config.personalFields,
    customerType: config.crmSchema.customerType,
    resumedRows: earlier.rows,
    now: deps.now(),
  });
  return {
    decisions: validation.decisions,
    findings: validation.findings,
    notes: validation.notes,
    deletedRows: validation.deletedRows,
    plan,
    resumedRows: earlier.rows,
  };
}

async function readFresh(
  ids: { bobIds: string[]; crmIds: string[] },
  mapping: FreshRecords['mapping'],
  sources: { bob: SqlExecutor; crm: CrmPort },
  config: Config,
  personalColumns: string[],
  bulkReadFrom: number,
): Promise<FreshRecords> {
  // Past a few thousand records, reading whole tables and feeds and keeping the ones asked for is far
  // cheaper than thousands of `IN (…)` queries and by-id requests (measured: 8 s against 2.8 s at 100k).
  const wholeBob = ids.bobIds.length > bulkReadFrom;
  const wholeCrm = ids.crmIds.length > bulkReadFrom;
  const crmRead = wholeCrm ? readCrmWhole(sources.crm, new Set(ids.crmIds)) : Promise.all([
    ids.crmIds.length > 0 ? sources.crm.getCompanies(ids.crmIds) : Promise.resolve([]),
    ids.crmIds.length > 0 ? sources.crm.getPersons(ids.crmIds) : Promise.resolve([]),
  ]);
  // One BOB read at a time: an open iteration keeps an embedded database's connection busy.
  const bobRead = (async () => {
    if (wholeBob) {
      const wanted = new Set(ids.bobIds.map((id) => id.toUpperCase()));
      const all = await readBob(sources.bob, config.bobSchema, personalColumns);
      return [
        all.thirdParties.filter((party) => wanted.has(party.id.toUpperCase())),
        all.contacts.filter((contact) => wanted.has(contact.companyId.toUpperCase())),
      ] as const;
    }
    const parties = await readBobThirdParties(sources.bob, config.bobSchema, personalColumns, ids.bobIds);
    const contacts = await readBobContacts(sources.bob, config.bobSchema, ids.bobIds);
    return [parties, contacts] as const;
  })();
  const [[parties, contacts], [companies, persons]] = await Promise.all([bobRead, crmRead]);
  const bob: FreshRecords['bob'] = new Map(parties.map((party) => [party.id, { party, contacts: [] as typeof contacts }]));
  for (const contact of contacts) bob.get(contact.companyId)?.contacts.push(contact);
  const crm: FreshRecords['crm'] = new Map(companies.map((company) => [company.id, { company: internCompany(company), persons: [] as typeof persons }]));
  for (const person of persons) crm.get(person.companyId)?.persons.push(internPerson(person));
  // What whole tables and feeds brought and was not kept goes before the plan.
  if (wholeBob || wholeCrm) releaseMemory();
  return { bob, crm, mapping };
}

/** Record counts above which `readFresh` reads whole tables and feeds instead of asking by id. */
const BULK_READ_FROM = 5_000;

async function readCrmWhole(crm: CrmPort, wanted: ReadonlySet<string>): Promise<[CrmCompany[], CrmPerson[]]> {
  const companies: CrmCompany[] = [];
  const persons: CrmPerson[] = [];
  await Promise.all([
    (async () => {
      for await (const page of crm.companies()) for (const company of page) if (wanted.has(company.id)) companies.push(company);
    })(),
    (async () => {
      for await (const page of crm.persons()) for (const person of page) if (wanted.has(person.companyId)) persons.push(person);
    })(),
  ]);
  return [companies, persons];
}

async function applyAndRecord(
  workbook: RawWorkbook,
  prepared: Prepared,
  report: ImportReport,
  runId: string,
  options: ImportOptions,
  sources: { bob: SqlExecutor; state: StatePort; crm: CrmPort },
  deps: ImportDeps,
  lang: Lang,
): Promise<ImportReport> {
  const { config } = deps;
  const { state } = sources;
  const startedAt = deps.now();
  await state.startRun({
    id: runId,
    proposalId: report.proposalId,
    startedAt,
    startedBy: deps.user,
    finishedAt: '',
    status: 'running',
    fileSha256: workbook.fileSha256,
    counts: '{}',
    resultSha256: '',
  });
  let result: ApplyResult;
  try {
    result = await applyPlan(prepared.plan, {
      bob: sources.bob,
      bobSchema: config.bobSchema,
      personalColumns: config.personalFields.map((field) => field.column),
      crm: sources.crm,
      state,
      concurrency: deps.concurrency ?? (config.crm.driver === 'rest' ? config.crm.concurrency : 8),
      runId,
      proposalId: report.proposalId,
      now: deps.now,
      user: deps.user,
      onProgress: deps.onProgress,
    });
  } catch (error) {
    await state.finishRun(runId, 'interrupted', deps.now(), '{}', '').catch(() => undefined);
    throw error;
  }

  const rows = rowResults(prepared.plan, result.operations);
  const finishedAt = deps.now();
  const counts = runCounts(result.counts, rows);
  report.applied = true;
  report.rows = [...rows.values()];
  report.run = {
    id: runId,
    user: deps.user,
    startedAt,
    finishedAt,
    status: result.status,
    counts: result.counts,
    failures: result.operations.filter((op) => op.status === 'failed').map((op) => ({ opId: op.opId, rowKey: op.rowKey, reason: op.reason })),
  };
  report.exitCode = result.counts.failed > 0 || result.counts.notRun > 0 ? 1 : 0;

  const target = resultTarget(report.input, options.resultPath, runId);
  let resultError = '';
  try {
    const { writeResultWorkbook } = await import('../import/result/write-result.js'); // exceljs: loaded only to write a result
    const written = await writeResultWorkbook(workbook, rows, runInfo(report, prepared, result.status, counts), target, lang);
    report.resultPath = written.path;
    report.resultSha256 = written.sha256;
  } catch (error) {
    resultError = error instanceof Error ? error.message : String(error);
    report.exitCode = 73;
  }
  await state.finishRun(runId, 'finished', finishedAt, JSON.stringify(counts), report.resultSha256);
  report.message = applyMessage(result, report, resultError);
  return report;
}

async function writeDryRunResult(
  workbook: RawWorkbook,
  prepared: Prepared,
  report: ImportReport,
  target: string,
  deps: ImportDeps,
  lang: Lang,
): Promise<void> {
  const rows = rowResults(prepared.plan);
  const counts = runCounts(undefined, rows);
  const { writeResultWorkbook } = await import('../import/result/write-result.js');
  const written = await writeResultWorkbook(
    workbook,
    rows,
    { ...runInfo(report, prepared, 'dry run', counts), runId: '', user: deps.user, startedAt: deps.now(), finishedAt: deps.now() },
    target,
    lang,
  );
  report.resultPath = written.path;
  report.resultSha256 = written.sha256;
}

function runInfo(report: ImportReport, prepared: Prepared, status: string, counts: Record<string, number>): ResultRunInfo {
  return {
    runId: report.run?.id ?? '',
    proposalId: report.proposalId,
    status,
    user: report.run?.user ?? '',
    startedAt: report.run?.startedAt ?? '',
    finishedAt: report.run?.finishedAt ?? '',
    reviewedBy: prepared.decisions.reviewedBy,
    importedPath: report.input,
    importedSha256: report.fileSha256,
    counts: Object.entries(counts),
  };
}

/** Counts recorded with the run and shown on the Run sheet: rows by result, operations by status and kind. */
function runCounts(counts: ApplyCounts | undefined, rows: ReadonlyMap<string, RowResult>): Record<string, number> {
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

function summarisePlan(plan: Plan, resumedRows: number): PlanSummary {
  const operations: PlanSummary['operations'] = {};
  for (const op of plan.operations) operations[op.kind] = (operations[op.kind] ?? 0) + 1;
  const skipped: Record<string, number> = {};
  for (const row of plan.skipped) skipped[row.reason] = (skipped[row.reason] ?? 0) + 1;
  const mappingChanges: Record<string, number> = {};
  for (const change of plan.mappingChanges) mappingChanges[change.change] = (mappingChanges[change.change] ?? 0) + 1;
  return { operations, skipped, mappingChanges, settings: plan.settings.length, resumedRows };
}

function dryRunMessage(report: ImportReport, lang: Lang): string {
  const count = Object.values(report.plan.operations).reduce((a, b) => a + (b ?? 0), 0);
  if (report.findings.length > 0) {
    return `dry run: nothing was changed; the workbook has ${report.findings.length} finding(s) to fix before it can be applied`;
  }
  const next = report.confirmed
    ? 'run the import again with --apply to apply them'
    : `set ${report.confirmCell} to ${YES[lang]} and run the import again with --apply to apply them`;
  return `dry run: nothing was changed; ${count} operation(s) would run — ${next}`;
}

function applyMessage(result: ApplyResult, report: ImportReport, resultError: string): string {
  const c = result.counts;
  const parts = [`${c.applied} operation(s) applied`];
  if (c.skipped > 0) parts.push(`${c.skipped} already done by an earlier run`);
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.notRun > 0) parts.push(`${c.notRun} not run`);
  const head = result.status === 'applied' ? `proposal ${report.proposalId} applied` : `proposal ${report.proposalId} partially applied`;
  const retry = result.status === 'applied' ? '' : '; fix the cause and run the same import again to finish it';
  const written = resultError !== '' ? `; the result workbook could not be written: ${resultError}` : `; result written to ${report.resultPath}`;
  return `${head}: ${parts.join(', ')}${retry}${written}`;
}

/** The default result path, or with the run id when an earlier run's result is there (it is kept for the audit). */
function resultTarget(input: string, explicit: string | undefined, runId: string): string {
  if (explicit !== undefined) return path.resolve(explicit);
  const target = defaultResultPath(input);
  return existsSync(target) ? target.replace(/\.result\.xlsx$/, `.result-${runId}.xlsx`) : target;
}

/** Runs of the proposal left `running` (killed, crashed): we hold the lock, so they are not running. */
async function markInterruptedRuns(state: StatePort, proposalId: string, at: string): Promise<void> {
  for (const run of await state.runs(proposalId)) {
    if (run.status === 'running') await state.finishRun(run.id, 'interrupted', at, run.counts || '{}', run.resultSha256);
  }
}

/** Rows, codes and CRM ids an earlier run of the proposal touched. */
function whatEarlierRunsDid(journal: readonly JournalEntry[]): { rows: Set<string>; insertedBobIds: Set<string>; linkedCrmIds: Set<string> } {
  const rows = new Set<string>();
  const insertedBobIds = new Set<string>();
  const linkedCrmIds = new Set<string>();
  for (const entry of journal) {
    rows.add(entry.rowKey);
    const detail = parseJson(entry.detail);
    if (entry.opId.endsWith('#insert-customer') && typeof detail.bobId === 'string') insertedBobIds.add(detail.bobId.toUpperCase());
    if (entry.opId.endsWith('#link') && entry.status === 'done' && typeof detail.crmId === 'string') linkedCrmIds.add(detail.crmId);
  }
  return { rows, insertedBobIds, linkedCrmIds };
}

/** The New BOB ids proposed and typed in the workbook (to ask BOB which are taken). */
function newBobIdsOf(workbook: RawWorkbook, rows: ReadonlyMap<string, ProposalRowRecord>): string[] {
  const ids = new Set<string>();
  for (const record of rows.values()) {
    if (record.sheet !== 'crmToBob') continue;
    const id = parseJson(record.payload).newBobId;
    if (typeof id === 'string' && id !== '') ids.add(id.toUpperCase());
  }
  const sheet = locateColumns(workbook).sheets.get('crmToBob');
  const column = sheet?.columns.get('newBobId');
  if (sheet !== undefined && column !== undefined) {
    for (const row of sheet.dataRows) {
      const text = restore(describeCell(row.cells[column] ?? null).text.trim()).trim().toUpperCase();
      if (text !== '' && text.length <= 64) ids.add(text);
    }
  }
  return [...ids];
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function langOf(workbook: RawWorkbook, fallback: Lang): Lang {
  const lang = metaValue(workbook, 'lang');
  return lang === 'nl' || lang === 'fr' || lang === 'en' ? lang : fallback;
}

/** The confirmation cell as a reference (`Summary!B31`), where the reviewer sets Yes. */
function confirmCellOf(workbook: RawWorkbook, lang: Lang): string {
  const summary = locateColumns(workbook).summary;
  const name = summary?.name ?? metaValue(workbook, 'sheet.summary') ?? SHEET_NAMES.summary[lang];
  const address = summary !== null ? summaryCellOf(workbook, summary, 'confirmCell', SUMMARY_LABELS.confirm) : (metaValue(workbook, 'confirmCell') ?? '');
  const parsed = parseCellAddress(address);
  return parsed === null ? `${name}!${address}` : cellRef(name, parsed.row, parsed.col);
}

/** `R20250301-100000-3fa2`: sortable by time, like proposal ids. */
function newRunId(nowIso: string): string {
  const date = new Date(nowIso);
  const iso = Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
  return `R${stamp}-${randomBytes(2).toString('hex')}`;
}
