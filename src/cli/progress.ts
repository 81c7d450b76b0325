/**
 * The apply's progress on stderr, with cli-progress: in a terminal a bar redrawn in place; in a log
 * (stderr redirected) one line when the apply starts, one every 10 s and one at the end. Stdout
 * keeps the report alone (the JSON with --json). Nothing is shown until the first operation ends,
 * so a run refused before applying prints only its message.
 */
import cliProgress from 'cli-progress';
import type { ApplyProgress } from '../apply/apply-plan.js';

export interface ProgressDisplay {
  update(progress: ApplyProgress): void;
  /** Draws the last state and lets the stream go; safe to call when nothing was shown. */
  stop(): void;
}

const FORMAT = 'Applying [{bar}] {percentage}% | {value}/{total} operations | {failed} failed | {eta_formatted}';

/** A display on `stream`, or undefined when there is nowhere to show it. */
export function applyProgress(stream: NodeJS.WritableStream | undefined): ProgressDisplay | undefined {
  if (stream === undefined) return undefined;
  let bar: cliProgress.SingleBar | undefined;
  let failed = 0;
  let finished = false;
  // The estimate needs a few operations behind it: "0s" on the first line of a log would mislead.
  const timeLeft = (seconds: number, options: cliProgress.Options, round: number): string =>
    finished ? 'finished' : seconds > 0 && Number.isFinite(seconds) ? `${cliProgress.Format.TimeFormat(seconds, options, round)} left` : 'estimating the time left';
  return {
    update({ done, total, result }) {
      if (result.status === 'failed') failed += 1;
      finished = done >= total;
      if (bar === undefined) {
        bar = new cliProgress.SingleBar(
          { stream, format: FORMAT, formatTime: timeLeft, noTTYOutput: true, notTTYSchedule: 10_000, fps: 5, hideCursor: false, etaBuffer: 500 },
          cliProgress.Presets.legacy,
        );
        bar.start(total, done, { failed });
      } else {
        bar.update(done, { failed });
      }
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
