/**
 * `analyse`: read both sides, build the proposal (pure engine), write the workbook to a temporary
 * file, register the proposal with its per-row fingerprints, then move the file into place. A
 * failure at any step leaves neither a half-written file nor a registered proposal without file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config, Lang } from '../config/types.js';
import { buildProposal } from '../engine/build-proposal.js';
import type { AnalysisInput, BobColumns, CrmField, Proposal } from '../engine/model.js';
import { BobsyncError } from '../errors.js';
import { writeProposal } from '../export/write-proposal.js';
import { prepareXlsxThread, type PreparedXlsxThread } from '../export/write-xlsx-thread.js';
import { readCrmInThread } from './crm-read-thread.js';
import { openBobAndState, type BobSourceDeps, type OpenedBob } from './open-sources.js';
import { registrationRecords } from './proposal-registration.js';
import { releaseMemory } from './release-memory.js';
import { stampedId } from './stamped-id.js';

export interface AnalyseOptions {
  /** Output path; default `proposal-<id>.xlsx` (or a folder for csv) in the current directory. */
  out?: string;
  format: 'xlsx' | 'csv';
  lang?: Lang;
  /** Replace an existing output. */
  force: boolean;
}

export interface AnalyseDeps extends BobSourceDeps {
  cwd: string;
  user: string;
}

export interface AnalyseReport {
  proposalId: string;
  output: string;
  format: 'xlsx' | 'csv';
  lang: Lang;
  createdAt: string;
  createdBy: string;
  /** Sheet key → action (or `rows`) → count. */
  counts: Record<string, Record<string, number>>;
  sources: { bob: string; crm: string };
  /** What the administrator should know about the file written. */
  warnings: string[];
}

/** Builds, exports and registers a proposal. */
export async function runAnalyse(options: AnalyseOptions, deps: AnalyseDeps): Promise<AnalyseReport> {
  const { config } = deps;
  const lang = options.lang ?? config.lang;
  const now = deps.now();
  const createdAt = now.toISOString();
  const proposalId = stampedId('P', now);
  const output = path.resolve(deps.cwd, options.out ?? `proposal-${proposalId}${options.format === 'xlsx' ? '.xlsx' : ''}`);
  if (existsSync(output) && !options.force) {
    throw new BobsyncError('cannot-write', `${output} already exists`, {
      hint: 'choose another --out, or add --force to replace it (an edited workbook there would be lost)',
    });
  }
  if (!existsSync(path.dirname(output))) {
    throw new BobsyncError('cannot-write', `cannot write ${output}: the folder ${path.dirname(output)} does not exist`, {
      hint: 'create the folder or choose another --out',
    });
  }

  const bobSide = await (deps.openBob ?? openBobAndState)(config, deps.env, deps.now);
  let thread: PreparedXlsxThread | undefined;
  try {
    const bobColumns = await bobSide.bob.checkSchema();
    // The snapshots go out of scope once the proposal is built, so their memory (the larger part of
    // the peak at 100k customers) is free again while the workbook is written. The workbook's
    // writer thread starts as the proposal is built: it loads exceljs on the core the engine leaves idle.
    const { proposal, crmFields, crmDescription } = await analyseSources(config, deps.env, bobSide, bobColumns, () => {
      if (options.format === 'xlsx') thread = prepareXlsxThread();
    });
    releaseMemory();
    // The rows are registered while the workbook's own thread writes the file; the file's hash is
    // set once it is complete. Any failure leaves neither the file nor the registration.
    let registered = false;
    let written: Awaited<ReturnType<typeof writeProposal>>;
    try {
      written = await writeProposal(
        proposal,
        {
          proposalId,
          createdAt,
          createdBy: deps.user,
          lang,
          bobDescription: bobSide.bob.description,
          crmDescription: config.crm.driver === 'sim' ? `CRM simulator ${config.crm.file}` : config.crm.url,
          crmFields,
          csvDelimiter: config.csv.delimiter,
        },
        { format: options.format, path: output, thread },
        async (rows, metaSha256) => {
          await bobSide.state.registerProposal(
            // The file's hash is not known yet: set once the file is complete.
            { id: proposalId, createdAt, createdBy: deps.user, format: options.format, lang, fileSha256: '', metaSha256, outputPath: output, status: 'open', appliedRun: '' },
            registrationRecords(proposalId, rows),
          );
          registered = true;
        },
      );
    } catch (error) {
      if (registered) await bobSide.state.dropProposal(proposalId).catch(() => undefined);
      throw error;
    }
    try {
      await bobSide.state.setProposalFile(proposalId, written.fileSha256, output);
      await written.commit();
    } catch (error) {
      await bobSide.state.dropProposal(proposalId).catch(() => undefined);
      await written.discard().catch(() => undefined);
      throw error;
    }
    return {
      proposalId,
      output,
      format: options.format,
      lang,
      createdAt,
      createdBy: deps.user,
      counts: written.counts,
      sources: { bob: bobSide.bob.description, crm: crmDescription },
      warnings: written.warnings,
    };
  } finally {
    await thread?.discard();
    await bobSide.close().catch(() => undefined);
  }
}

async function analyseSources(
  config: Config,
  env: NodeJS.ProcessEnv,
  bobSide: OpenedBob,
  bobColumns: BobColumns,
  /** Called once both sides are read, before the engine runs. */
  onRead: () => void,
): Promise<{ proposal: Proposal; crmFields: CrmField[]; crmDescription: string }> {
  // The CRM is read in its own thread while this one reads BOB (see readCrmInThread).
  const crmRead = readCrmInThread(config, env);
  let bobData, mapping, settings;
  try {
    [bobData, mapping, settings] = await Promise.all([
      bobSide.bob.read(),
      bobSide.state.mapping(),
      bobSide.state.personalFieldSettings(),
    ]);
  } catch (error) {
    await crmRead.cancel();
    throw error;
  }
  const { crm, description } = await crmRead.result;
  const input: AnalysisInput = {
    bob: bobData,
    crm,
    mapping,
    personalFields: config.personalFields,
    personalFieldSettings: settings,
    bobColumns,
  };
  onRead();
  const proposal = buildProposal(input, { customerType: config.crmSchema.customerType });
  return { proposal, crmFields: crm.fields, crmDescription: description };
}

