/** `bobsync analyse`: build, register and export the proposal; print counts per sheet and action. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ACTION_LABELS, COLUMNS, isDecision, SHEET_NAMES, SUMMARY_LABELS, YES } from '../../templates/columns.js';
import { TEXTS } from '../../templates/texts.js';
import { type AnalyseReport, runAnalyse } from '../app/run-analyse.js';
import { loadConfig } from '../config/load-config.js';
import type { Lang } from '../config/types.js';
import type { CliIo, CommandOutcome } from './io.js';
import { configOption, jsonOption } from './options.js';

export function analyseCommand(io: CliIo, outcome: CommandOutcome): CommandModule {
  return {
    command: 'analyse',
    aliases: ['analyze'],
    describe: 'Read BOB and the CRM, build the synchronisation proposal and export it for review',
    builder: (y) =>
      y
        .option('config', configOption)
        .option('out', { type: 'string', description: 'Output workbook (xlsx) or folder (csv); default proposal-<id>.xlsx', requiresArg: true })
        .option('format', { choices: ['xlsx', 'csv'] as const, default: 'xlsx' as const, description: 'Workbook format' })
        .option('lang', { choices: ['nl', 'fr', 'en'] as const, description: 'Language of the workbook (default: the configuration\'s, else nl)' })
        .option('force', { type: 'boolean', default: false, description: 'Replace an existing output' })
        .option('json', jsonOption),
    handler: async (args) => {
      const config = loadConfig(String(args.config), io.cwd);
      const report = await runAnalyse(
        {
          out: args.out === undefined ? undefined : String(args.out),
          format: args.format as 'xlsx' | 'csv',
          lang: args.lang as Lang | undefined,
          force: Boolean(args.force),
        },
        { config, env: io.env, cwd: io.cwd, now: io.now, user: io.user() },
      );
      io.stdout(args.json ? JSON.stringify(report, null, 2) : renderAnalyseReport(report, io.cwd, config.path));
      outcome.exitCode = 0;
    },
  };
}

/** Terminal labels: English, whatever the workbook's language (administrators read the terminal). */
function countLabel(sheet: string, key: string): string {
  const en = TEXTS.en;
  if (ACTION_LABELS[key]) return ACTION_LABELS[key].en;
  if (sheet === 'excluded') return (en.exclusionReasons as Record<string, string>)[key] ?? key;
  if (key === 'noSync') return en.countLabels.noSync;
  if (key === 'selected') return en.countLabels.selected;
  return key;
}

/** The direction sheets' decision columns, as the workbook labels them. */
function decisionColumns(lang: Lang): string {
  const labels = [...COLUMNS.bobToCrm, ...COLUMNS.crmToBob].filter((c) => isDecision(c) && c.key !== 'note').map((c) => c.labels[lang]);
  return [...new Set(labels)].join(', ');
}

/** `text` in lines of at most 100 characters, indented by 2 and continued under its first word. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '  ';
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > 100) {
      lines.push(line);
      line = '     ';
    }
    line += line.trim() === '' ? word : ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/** The human report: counts per sheet and action, and what to do next. */
export function renderAnalyseReport(report: AnalyseReport, cwd: string, configPath: string): string {
  const configRel = path.relative(cwd, configPath);
  const configArg = configRel === 'bobsync.config.json' ? '' : ` --config ${configRel}`;
  const lines = [`Proposal ${report.proposalId} written to ${path.relative(cwd, report.output) || report.output} (${report.format}, ${report.lang})`];
  for (const [sheet, counts] of Object.entries(report.counts)) {
    const { rows, ...byKey } = counts;
    const total = rows ?? Object.values(byKey).reduce((a, b) => a + b, 0);
    lines.push(`  ${SHEET_NAMES[sheet as keyof typeof SHEET_NAMES]?.en ?? sheet}: ${total}`);
    for (const [key, n] of Object.entries(byKey).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])) {
      lines.push(`    ${countLabel(sheet, key).padEnd(56)} ${String(n).padStart(7)}`);
    }
  }
  const out = path.relative(cwd, report.output) || report.output;
  for (const warning of report.warnings) lines.push('', ...wrap(`Note: ${warning}`));
  lines.push(
    '',
    'Next:',
    // What the bookkeeper looks for in the workbook is named as the workbook (in its language) shows it.
    ...wrap(
      `1. The bookkeeper reviews ${out}: only the coloured cells are editable (${decisionColumns(report.lang)}, ` +
        `${SHEET_NAMES.personalFields[report.lang]}), then sets "${SUMMARY_LABELS.confirm[report.lang]}" to ${YES[report.lang]} ` +
        `on the ${SHEET_NAMES.summary[report.lang]} sheet.`,
    ),
    `  2. Check the edited workbook (changes nothing):  npx bobsync import ${out}${configArg}`,
    `  3. Apply it:                                    npx bobsync import ${out}${configArg} --apply`,
  );
  return lines.join('\n');
}
