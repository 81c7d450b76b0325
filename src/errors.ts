/**
 * One error family for the whole tool (DESIGN §8). Every exception that stops a command is a
 * `BobsyncError` with a code; `src/cli` maps the code to an exit code and prints
 * `error: <what> — <what to do>`. Findings in a workbook are data, not exceptions.
 */
export type ErrorCode =
  | 'usage' // 64
  | 'bad-input' // 65: a file the user gave us is malformed, tampered with or hostile
  | 'missing-input' // 66: a file or database that should exist does not
  | 'unavailable' // 69: a source (SQL Server, Sage CRM) cannot be reached or refuses us
  | 'internal' // 70: a bug
  | 'cannot-write' // 73: an output path cannot be written
  | 'transient' // 75: try again (lock held, CRM outage mid-run)
  | 'config'; // 78: the configuration is wrong

export const EXIT_CODES: Record<ErrorCode, number> = {
  usage: 64,
  'bad-input': 65,
  'missing-input': 66,
  unavailable: 69,
  internal: 70,
  'cannot-write': 73,
  transient: 75,
  config: 78,
};

export class BobsyncError extends Error {
  readonly code: ErrorCode;
  /** What the user should do about it; printed after an em dash. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BobsyncError';
    this.code = code;
    this.hint = options.hint;
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}

/** True for a BobsyncError with the given code (or any code when none is given). */
export function isBobsyncError(error: unknown, code?: ErrorCode): error is BobsyncError {
  return error instanceof BobsyncError && (code === undefined || error.code === code);
}
