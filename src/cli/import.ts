/** `bobsync import PATH`: validate an edited workbook, print the dry run, and with --apply execute it. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import type { ImportReport } from '../app/import-report.js';
import { loadConfig } from '../config/load-config.js';
import type { CliIo, CommandOutcome } from './io.js';
import { configOption, jsonOption } from './options.js';

export function importCommand(io: CliIo, outcome: CommandOutcome): CommandModule {
  return {
    command: 'import <path>',
    describe: 'Validate an edited workbook (.xlsx or CSV folder) and show the dry run; --apply executes it',
    builder: (y) =>
      y
        .positional('path', { type: 'string', description: 'The edited workbook (.xlsx) or CSV folder written by analyse' })
        .option('config', configOption)
        .option('apply', { type: 'boolean', default: false, description: 'Write to BOB and the CRM (after the same checks as the dry run)' })
        .option('result', { type: 'string', description: 'Result workbook (default <input>.result.xlsx)', requiresArg: true })
        .option('json', jsonOption),
    handler: async (args) => {
      const config = loadConfig(String(args.config), io.cwd);
      // Loaded here, not with the command list: exceljs and the rest weigh on every other command's start.
      const [{ runImport }, { importReportJsonChunks }] = await Promise.all([
        import('../app/run-import.js'),
        import('./import-json.js'),
      ]);
      const progress = args.apply ? (await import('./progress.js')).applyProgress(io.progress) : undefined;
      let report: ImportReport;
      try {
        report = await runImport(
          {
            path: path.resolve(io.cwd, String(args.path)),
            apply: Boolean(args.apply),
            resultPath: args.result === undefined ? undefined : path.resolve(io.cwd, String(args.result)),
            json: Boolean(args.json),
          },
          { config, env: io.env, now: io.now, user: io.user(), host: io.host, onProgress: progress?.update },
        );
      } finally {
        progress?.stop();
      }
      if (args.json) for (const chunk of importReportJsonChunks(report)) io.stdout(chunk);
      else io.stdout(renderImportReport(report, io.cwd));
      outcome.exitCode = report.exitCode;
    },
  };
}

const OPERATION_LABELS: Record<string, string> = {
  'crm-create-company': 'Create company in CRM',
  'crm-update-company': 'Update company in CRM',
  'crm-set-bobid': 'Store BOB id in CRM',
  'bob-insert-customer': 'Create customer in BOB',
  'map-link': 'Record link in mapping table',
  'map-nosync': 'Record No sync',
  'map-clear-nosync': 'Clear No sync',
  'pf-save': 'Save personal-field setting',
};

/** Causes shown, each with its count and a few of its rows. */
const FAILURE_CAUSES_SHOWN = 20;

/** Failed operations grouped by cause, most frequent first, never cut without saying so. */
export function failureLines(failures: ReadonlyArray<{ rowKey: string; reason: string }>): string[] {
  const byCause = new Map<string, string[]>();
  for (const failure of failures) {
    const rows = byCause.get(failure.reason);
    if (rows === undefined) byCause.set(failure.reason, [failure.rowKey]);
    else rows.push(failure.rowKey);
  }
  const causes = [...byCause].sort((a, b) => b[1].length - a[1].length);
  const lines = causes.slice(0, FAILURE_CAUSES_SHOWN).map(([reason, rows]) => {
    const examples = rows.slice(0, 3).join(', ') + (rows.length > 3 ? `, … and ${rows.length - 3} more` : '');
    return `    failed ${rows.length}× (${examples}): ${reason}`;
  });
  const hidden = causes.slice(FAILURE_CAUSES_SHOWN);
  if (hidden.length > 0) {
    const rows = hidden.reduce((n, [, r]) => n + r.length, 0);
    lines.push(`    … and ${hidden.length} more cause(s), ${rows} failed operation(s): filter Result = failed in the result workbook, or use --json`);
  }
  return lines;
}

/** The human report: what would happen (or happened), every finding with its cell, what to do next. */
export function renderImportReport(report: ImportReport, cwd: string): string {
  const rel = (p: string) => path.relative(cwd, p) || p;
  const lines = [
    `${report.mode === 'apply' ? 'Apply' : 'Dry run'} of ${rel(report.input)} (proposal ${report.proposalId})`,
  ];
  // A condition on one personal field limits the whole run: said first, not as one skip count among others.
  for (const c of report.plan.conditions) {
    lines.push(`  Condition on ${c.field}: ${c.leftOut} of ${c.of} lines are left out of this whole run (set on the Personal fields sheet)`);
  }
  const ops = Object.entries(report.plan.operations);
  if (ops.length > 0) {
    lines.push(`  ${report.applied ? 'Operations' : 'Operations planned'}:`);
    for (const [kind, n] of ops) lines.push(`    ${(OPERATION_LABELS[kind] ?? kind).padEnd(32)} ${String(n).padStart(7)}`);
  }
  const skipped = Object.entries(report.plan.skipped);
  if (skipped.length > 0) {
    lines.push('  Rows skipped:');
    for (const [reason, n] of skipped) lines.push(`    ${reason.padEnd(32)} ${String(n).padStart(7)}`);
  }
  const mapping = Object.entries(report.plan.mappingChanges);
  if (mapping.length > 0) {
    lines.push('  Mapping table:');
    for (const [kind, n] of mapping) lines.push(`    ${kind.padEnd(32)} ${String(n).padStart(7)}`);
  }
  if (report.plan.resumedRows > 0) lines.push(`  Rows resumed from an earlier run: ${report.plan.resumedRows}`);
  if (report.deletedRows.length > 0) lines.push(`  Rows deleted from the workbook (skipped): ${report.deletedRows.length}`);
  if (report.findings.length > 0) {
    lines.push(`  Findings (${report.findings.length}):`);
    const shown = report.findings.slice(0, 200);
    for (const f of shown) lines.push(`    ${f.cell}: ${f.message}`);
    if (report.findings.length > shown.length) lines.push(`    … and ${report.findings.length - shown.length} more (use --json for all)`);
  }
  for (const note of report.notes) lines.push(`  Note: ${note}`);
  if (report.run) {
    const c = report.run.counts;
    lines.push(
      `  Run ${report.run.id} by ${report.run.user}: ${report.run.status} — ${c.applied} applied, ${c.failed} failed, ${c.skipped} done by an earlier run, ${c.notRun} not run (of ${c.operations} operations)`,
    );
    lines.push(...failureLines(report.run.failures));
    if (report.run.outage !== '') lines.push(`    stopped early: the CRM stopped answering (${report.run.outage})`);
  }
  if (report.resultPath) lines.push(`  Result workbook: ${rel(report.resultPath)}`);
  lines.push('', report.message);
  return lines.join('\n');
}
