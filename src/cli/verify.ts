/** `bobsync verify PATH`: for auditors — is this archived workbook one this database registered, unaltered? */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import type { VerifyReport } from '../app/verify-workbook.js';
import { brusselsTime, TIME_ZONE } from '../workbook/brussels-time.js';
import { loadConfig } from '../config/load-config.js';
import type { CliIo, CommandOutcome } from './io.js';
import { configOption, jsonOption } from './options.js';

export function verifyCommand(io: CliIo, outcome: CommandOutcome): CommandModule {
  return {
    command: 'verify <path>',
    describe: 'Check that an archived workbook (proposal or result) is one this database registered, unaltered',
    builder: (y) =>
      y
        .positional('path', { type: 'string', description: 'The workbook (.xlsx) or CSV folder to check' })
        .option('config', configOption)
        .option('json', jsonOption),
    handler: async (args) => {
      const config = loadConfig(String(args.config), io.cwd);
      const { verifyWorkbook } = await import('../app/verify-workbook.js'); // not loaded with the command list (exceljs)
      const report = await verifyWorkbook(path.resolve(io.cwd, String(args.path)), { config, env: io.env, now: io.now });
      io.stdout(args.json ? JSON.stringify(report, null, 2) : renderVerifyReport(report, io.cwd));
      outcome.exitCode = report.authentic ? 0 : 1;
    },
  };
}

export function renderVerifyReport(report: VerifyReport, cwd: string): string {
  const verdict = report.authentic ? 'AUTHENTIC' : report.kind === 'edited' ? 'EDITED COPY (not authentic)' : 'NOT AUTHENTIC';
  const lines = [`${verdict}: ${path.relative(cwd, report.path) || report.path}`, `  sha-256      ${report.sha256}`];
  if (report.proposal) {
    lines.push(`  proposal     ${report.proposal.id} (${report.proposal.status})`);
    lines.push(`  exported     ${brusselsTime(report.proposal.createdAt)} by ${report.proposal.createdBy} (${report.proposal.format}, ${report.proposal.lang})`);
  } else if (report.proposalId) {
    lines.push(`  proposal     ${report.proposalId} (not registered in this database)`);
  }
  if (report.authentic) lines.push(`  this file is ${report.kind === 'proposal' ? 'the exported proposal' : report.kind === 'imported' ? 'the workbook imported by a run' : report.kind === 'result' ? 'the result workbook of a run' : report.kind}`);
  for (const run of report.runs) {
    lines.push(
      `  run          ${run.id}: ${run.outcome}, started ${brusselsTime(run.startedAt)} by ${run.startedBy}${run.finishedAt ? `, finished ${brusselsTime(run.finishedAt)}` : ''}`,
    );
  }
  if (report.proposal) lines.push(`  times        Brussels time (${TIME_ZONE})`);
  if (report.decisions) {
    const d = report.decisions;
    lines.push(
      `  decisions    No sync ${d.noSync}, Not this time ${d.notThisTime}, links chosen ${d.linkToCrmId}, personal fields selected ${d.selected}; confirmed ${d.confirmed ? 'yes' : 'no'}${d.reviewedBy ? ` by ${d.reviewedBy}` : ''}`,
    );
  }
  lines.push('', report.message);
  return lines.join('\n');
}
