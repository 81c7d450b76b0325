/**
 * The one place that turns an exception into what the user reads and an exit code (DESIGN §8):
 * `error: <what> — <what to do>`, a stack only with --verbose or for bugs.
 */
import { BobsyncError, EXIT_CODES } from '../errors.js';

export interface RenderedError {
  text: string;
  exitCode: number;
}

export function renderError(error: unknown, verbose: boolean): RenderedError {
  if (error instanceof BobsyncError) {
    const lines = [`error: ${error.message}${error.hint ? ` — ${error.hint}` : ''}`];
    if (verbose) {
      lines.push(error.stack ?? '');
      let cause = error.cause;
      while (cause) {
        lines.push(`caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
        cause = cause instanceof Error ? cause.cause : undefined;
      }
    }
    return { text: lines.join('\n'), exitCode: error.exitCode };
  }
  const err = error instanceof Error ? error : new Error(String(error));
  return {
    text: `error: internal error: ${err.message} — this is a bug in bobsync; please report it with the output of the same command run with --verbose\n${err.stack ?? ''}`,
    exitCode: EXIT_CODES.internal,
  };
}
