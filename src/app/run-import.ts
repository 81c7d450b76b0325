/**
 * `import`: read the edited workbook, check it against its registered proposal, validate every
 * decision, read again the records the rows rely on, build the plan — the same code path for the
 * dry run and the apply — then, with `apply`, the confirmation cell set and no finding, apply it
 * under the run lock, write the result workbook and record the run.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { SHEET_NAMES, SUMMARY_LABELS, YES } from '../../templates/columns.js';
import { applyPlan, type ApplyProgress, type ApplyResult } from '../apply/apply-plan.js';
import { readJournal, type EarlierRuns } from '../apply/journal.js';
import { rowResults } from '../apply/row-results.js';
import { alreadyAppliedError, runLockHolder, withRunLock, type RunHost } from '../apply/run-lock.js';
import { asLang, type Config, type Lang } from '../config/types.js';
import { buildPlan } from '../engine/build-plan.js';
import type { Decisions } from '../engine/decisions.js';
import type { BobColumns } from '../engine/model.js';
import type { Plan, PlanRow } from '../engine/plan-model.js';
import { recordsToRead } from '../engine/staleness.js';
import { BobsyncError } from '../errors.js';
import { proposalIdOf } from '../import/check-meta.js';
import type { Finding } from '../import/finding.js';
import { locateColumns, summaryCell } from '../import/locate-columns.js';
import { readWorkbook } from '../import/read-workbook.js';
import { registeredPayload } from '../import/registered-payload.js';
import type { ResultRunInfo, RunSheetCounts } from '../import/result/write-result.js';
import { validateDecisions } from '../import/validate-decisions.js';
import type { ProposalRecord, ProposalRowRecord, StatePort } from '../sources/state/state-port.js';
import { brusselsTime } from '../workbook/brussels-time.js';
import { cellRef, parseCellAddress } from '../workbook/cell-address.js';
import { describeCell } from '../workbook/cell-value.js';
import { parseNewBobId } from '../workbook/codecs/new-bob-id.js';
import { metaValue, type RawWorkbook } from '../workbook/raw-workbook.js';
import { applyMessage, dryRunMessage, runCounts, runSheetCounts, summarisePlan, type ImportReport } from './import-report.js';
import { openBobAndState, openCrm, type BobSourceDeps, type OpenedBob, type OpenedCrm } from './open-sources.js';
import { readFresh } from './read-fresh.js';
import { releaseMemory } from './release-memory.js';
import { stampedId } from './stamped-id.js';

export interface ImportOptions {
  /** The edited workbook (.xlsx) or CSV folder. */
  path: string;
  apply: boolean;
  /** Result workbook; default `<input>.result.xlsx`. */
  resultPath?: string;
  /** The caller prints the report as JSON (the report is the same). */
  json: boolean;
}

export interface ImportDeps extends BobSourceDeps {
  user: string;
  /** This machine and process, for the run lock. */
  host: RunHost;
  /** Default: the configured CRM (or the simulator in process). */
  openCrm?: (config: Config, env: NodeJS.ProcessEnv) => Promise<OpenedCrm>;
  /** Rows applied at the same time; default the CRM's configured concurrency, else 8. */
  concurrency?: number;
  /** Above this many records the fresh reads take whole tables and feeds instead of asking by id (default 5,000). */
  bulkReadFrom?: number;
  onProgress?: (progress: ApplyProgress) => void;
  /** Operations failing in a row for want of the CRM after which an apply stops (default 10). */
  outageAfter?: number;
}

/** Validation, the plan and what earlier runs did: everything up to where the dry run and the apply part. */
interface PlannedImport {
  decisions: Decisions;
  findings: Finding[];
  notes: string[];
  deletedRows: string[];
  plan: Plan;
  earlier: EarlierRuns;
  /** BOB to CRM and CRM to BOB rows of the proposal. */
  directionRows: number;
}

/** The workbook read, let go after validation unless `keep` (a result workbook is written from it). */
interface WorkbookForResult {
  workbook: RawWorkbook | null;
  keep: boolean;
}

type Sources = { bob: OpenedBob['bob']; state: StatePort; crm: OpenedCrm['crm']; bobColumns: BobColumns };

/** Runs an import (dry run, or apply); throws a BobsyncError for what stops it, reports findings as data. */
export async function runImport(options: ImportOptions, deps: ImportDeps): Promise<ImportReport> {
  const { config } = deps;
  const input = path.resolve(options.path);
  // Only writing a result workbook needs the cells once the decisions are read: otherwise the
  // workbook (about 100 MB at 100k rows) is let go before the fresh reads and the plan.
  const held: WorkbookForResult = { workbook: await readWorkbook(input), keep: options.apply || options.resultPath !== undefined };
  const { format, fileSha256 } = held.workbook!;
  const proposalId = proposalIdOf(held.workbook!);
  const lang = asLang(metaValue(held.workbook!, 'lang')) ?? config.lang;
  const confirmCell = summaryRef(held.workbook!, 'confirmCell', lang);
  const reviewedByCell = summaryRef(held.workbook!, 'reviewedByCell', lang);

  const bobSide = await (deps.openBob ?? openBobAndState)(config, deps.env, deps.now);
  let crmSide: OpenedCrm | undefined;
  try {
    const { bob, state } = bobSide;
    // BOB's columns as they are now: the plan fits new customers to them, as analyse did.
    const bobColumns = await bob.checkSchema();
    const proposal = await registeredProposal(state, bob.description, proposalId);
    const registeredRows = new Map<string, ProposalRowRecord>();
    for await (const row of state.proposalRows(proposalId)) registeredRows.set(row.key, row);
    crmSide = await (deps.openCrm ?? openCrm)(config, deps.env);
    const sources: Sources = { bob, state, crm: crmSide.crm, bobColumns };

    const reportFor = (planned: PlannedImport, mode: ImportReport['mode']): ImportReport => ({
      proposalId,
      input,
      format,
      fileSha256,
      mode,
      applied: false,
      confirmed: planned.decisions.confirmed,
      confirmCell,
      reviewedBy: planned.decisions.reviewedBy,
      message: '',
      findings: planned.findings,
      notes: planned.notes,
      deletedRows: planned.deletedRows,
      plan: summarisePlan(planned.plan, planned.earlier.rows.size, planned.directionRows),
      rows: [...rowResults(planned.plan).values()],
      run: null,
      resultPath: '',
      resultSha256: '',
      exitCode: planned.findings.length > 0 ? 1 : 0,
    });

    if (!options.apply) {
      const planned = await validateAndPlan(held, proposal, registeredRows, sources, deps);
      const report = reportFor(planned, 'dry-run');
      report.message = dryRunMessage(report, lang);
      if (options.resultPath !== undefined) await writeDryRunResult(held.workbook!, planned, report, options.resultPath, deps, lang);
      return report;
    }

    const runId = stampedId('R', deps.now());
    const holder = runLockHolder(deps.user, runId, deps.host);
    return await withRunLock(state, holder, deps.now().toISOString(), deps.host, async () => {
      // Under the lock: another run may have finished this proposal meanwhile.
      const current = await registeredProposal(state, bob.description, proposalId);
      const planned = await validateAndPlan(held, current, registeredRows, sources, deps);
      const report = reportFor(planned, 'apply');
      if (planned.findings.length > 0) {
        report.message = `nothing was applied: the workbook has ${planned.findings.length} finding(s); fix them and import again`;
        report.exitCode = 1;
        return report;
      }
      if (!planned.decisions.confirmed) {
        report.message = `nothing was applied: set ${confirmCell} to ${YES[lang]} ("${SUMMARY_LABELS.confirm[lang]}") once the workbook has been reviewed, then import again with --apply`;
        report.exitCode = 1;
        return report;
      }
      if (planned.decisions.reviewedBy === '') {
        // The auditor's trail names who reviewed what was applied.
        report.message = `nothing was applied: ${reviewedByCell} ("${SUMMARY_LABELS.reviewedBy[lang]}") is empty; the reviewer enters their name there, then import again with --apply`;
        report.exitCode = 1;
        return report;
      }
      await markInterruptedRuns(state, proposalId, deps.now().toISOString());
      return applyAndRecord(held.workbook!, planned, report, runId, options, sources, deps, lang);
    });
  } finally {
    await crmSide?.close().catch(() => undefined);
    await bobSide.close().catch(() => undefined);
  }
}

async function registeredProposal(state: StatePort, database: string, proposalId: string): Promise<ProposalRecord> {
  const proposal = await state.proposal(proposalId);
  if (proposal === null) {
    throw new BobsyncError('bad-input', `this workbook's proposal ${proposalId} is not registered in ${database}`, {
      hint: 'import it with the configuration (database) it was exported with, or run bobsync analyse for a new proposal',
    });
  }
  if (proposal.status === 'applied') throw alreadyAppliedError(proposal, await state.runs(proposalId));
  // A run of another proposal since this one was exported changed what its rows rely on: every row
  // would be stale, or worse, its personal-field settings would undo the newer run's.
  const later = await state.runsOfOthersSince(proposalId, proposal.createdAt);
  if (later.length > 0) {
    const run = later[later.length - 1]!;
    throw new BobsyncError(
      'bad-input',
      `proposal ${proposalId} is outdated: it was exported on ${brusselsTime(proposal.createdAt)}, and run ${run.id} applied proposal ${run.proposalId} on ${brusselsTime(run.startedAt)} (Brussels time)`,
      { hint: 'run bobsync analyse for a new proposal, and review that one instead' },
    );
  }
  return proposal;
}

/**
 * Validation, fresh records and plan. Consumes `registeredRows`: the map is emptied once its
 * payloads are parsed; and the held workbook, unless it is to be kept.
 */
async function validateAndPlan(
  held: WorkbookForResult,
  proposal: ProposalRecord,
  registeredRows: Map<string, ProposalRowRecord>,
  sources: Sources,
  deps: ImportDeps,
): Promise<PlannedImport> {
  const { config } = deps;
  const { bob, state, crm } = sources;
  const [journal, mapping, fields] = await Promise.all([state.journal(proposal.id), state.mapping(), crm.companyFields()]);
  const earlier = readJournal(journal);

  // Codes and links this proposal's own earlier runs made are not conflicts on a rerun.
  const inUse = await bob.idsInUse(newBobIdsOf(held.workbook!, registeredRows));
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
  const fresh = await readFresh(ids, mapping, { bob, crm }, deps.bulkReadFrom);
  const plan = buildPlan({
    proposalRows: planRows,
    decisions: validation.decisions,
    fresh,
    personalFields: config.personalFields,
    customerType: config.crmSchema.customerType,
    resumedRows: earlier.rows,
    now: deps.now().toISOString(),
    bobColumns: sources.bobColumns,
  });
  return {
    decisions: validation.decisions,
    findings: validation.findings,
    notes: validation.notes,
    deletedRows: validation.deletedRows,
    plan,
    earlier,
    directionRows: planRows.filter((row) => row.sheet === 'bobToCrm' || row.sheet === 'crmToBob').length,
  };
}

async function applyAndRecord(
  workbook: RawWorkbook,
  planned: PlannedImport,
  report: ImportReport,
  runId: string,
  options: ImportOptions,
  sources: Sources,
  deps: ImportDeps,
  lang: Lang,
): Promise<ImportReport> {
  const { config } = deps;
  const { state } = sources;
  const startedAt = deps.now().toISOString();
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
    result = await applyPlan(planned.plan, {
      bob: sources.bob,
      crm: sources.crm,
      state,
      concurrency: deps.concurrency ?? (config.crm.driver === 'rest' ? config.crm.concurrency : 8),
      runId,
      proposalId: report.proposalId,
      earlier: planned.earlier,
      now: deps.now,
      user: deps.user,
      onProgress: deps.onProgress,
      outageAfter: deps.outageAfter,
    });
  } catch (error) {
    await state.finishRun(runId, 'interrupted', deps.now().toISOString(), '{}', '').catch(() => undefined);
    throw error;
  }

  const rows = rowResults(planned.plan, result.operations);
  const finishedAt = deps.now().toISOString();
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
    outage: result.outage,
  };
  // Stopped because the CRM kept failing: try again (75), as for an outage before the run.
  report.exitCode = result.outage !== '' ? 75 : result.counts.failed > 0 || result.counts.notRun > 0 ? 1 : 0;

  const target = resultTarget(report.input, options.resultPath, runId);
  let resultError = '';
  try {
    const { writeResultWorkbook } = await import('../import/result/write-result.js'); // exceljs: loaded only to write a result
    const written = await writeResultWorkbook(workbook, rows, runInfo(report, planned, result.status, runSheetCounts(rows, result.counts)), target, lang);
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
  planned: PlannedImport,
  report: ImportReport,
  target: string,
  deps: ImportDeps,
  lang: Lang,
): Promise<void> {
  const rows = rowResults(planned.plan);
  const { writeResultWorkbook } = await import('../import/result/write-result.js');
  const at = deps.now().toISOString();
  const written = await writeResultWorkbook(
    workbook,
    rows,
    { ...runInfo(report, planned, 'dry run', runSheetCounts(rows, undefined)), runId: '', user: deps.user, startedAt: at, finishedAt: at },
    target,
    lang,
  );
  report.resultPath = written.path;
  report.resultSha256 = written.sha256;
}

function runInfo(report: ImportReport, planned: PlannedImport, status: ResultRunInfo['status'], counts: RunSheetCounts): ResultRunInfo {
  return {
    runId: report.run?.id ?? '',
    proposalId: report.proposalId,
    status,
    user: report.run?.user ?? '',
    startedAt: report.run?.startedAt ?? '',
    finishedAt: report.run?.finishedAt ?? '',
    reviewedBy: planned.decisions.reviewedBy,
    importedPath: report.input,
    importedSha256: report.fileSha256,
    counts,
  };
}

/**
 * The default result path: the input without `.xlsx`, plus `.result.xlsx` (`proposal.xlsx` →
 * `proposal.result.xlsx`, CSV folder `proposal` → `proposal.result.xlsx`).
 */
export function defaultResultPath(inputPath: string): string {
  const resolved = path.resolve(inputPath).replace(/[\\/]+$/, '');
  return `${resolved.replace(/\.xlsx$/i, '')}.result.xlsx`;
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

/** The New BOB ids proposed and typed in the workbook (to ask BOB which are taken). */
function newBobIdsOf(workbook: RawWorkbook, rows: ReadonlyMap<string, ProposalRowRecord>): string[] {
  const ids = new Set<string>();
  for (const record of rows.values()) {
    if (record.sheet !== 'crmToBob') continue;
    const id = registeredPayload(record).newBobId;
    if (typeof id === 'string' && id !== '') ids.add(id.toUpperCase());
  }
  const sheet = locateColumns(workbook).sheets.get('crmToBob');
  const column = sheet?.columns.get('newBobId');
  if (sheet !== undefined && column !== undefined) {
    for (const row of sheet.dataRows) {
      const text = parseNewBobId(describeCell(row.cells[column] ?? null).text);
      if (text !== '' && text.length <= 64) ids.add(text);
    }
  }
  return [...ids];
}

/** A Summary decision cell as a reference (`Summary!B31`), where the reviewer sets Yes or their name. */
function summaryRef(workbook: RawWorkbook, decision: 'confirmCell' | 'reviewedByCell', lang: Lang): string {
  const summary = locateColumns(workbook).summary;
  const name = summary?.name ?? metaValue(workbook, 'sheet.summary') ?? SHEET_NAMES.summary[lang];
  const address = summary !== null ? (summaryCell(workbook, summary, decision)?.address ?? '') : (metaValue(workbook, decision) ?? '');
  const parsed = parseCellAddress(address);
  return parsed === null ? `${name}!${address}` : cellRef(name, parsed.row, parsed.col);
}
