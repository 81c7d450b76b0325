/** Shared option definitions and checks for the yargs commands. */
import { BobsyncError } from '../errors.js';

export const configOption = {
  type: 'string',
  description: 'Configuration file',
  default: 'bobsync.config.json',
  requiresArg: true,
} as const;

export const jsonOption = { type: 'boolean', description: 'Print the report as JSON on stdout', default: false } as const;

/** Checks a numeric option: an integer within bounds, else a usage error naming the option. */
export function integerOption(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BobsyncError('usage', `Expected \`--${name}\` to be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}, got ${JSON.stringify(value)}`, {
      hint: `run \`bobsync --help\` for the usage`,
    });
  }
  return value;
}

/** Checks a fraction option (0 ≤ value ≤ 1). */
export function fractionOption(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value > 1) {
    throw new BobsyncError('usage', `Expected \`--${name}\` to be a number from 0 to 1, got ${JSON.stringify(value)}`);
  }
  return value;
}
