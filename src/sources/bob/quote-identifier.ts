/**
 * The only way a name from configuration enters SQL text: checked against IDENTIFIER_PATTERN, then
 * bracket-quoted (both engines accept `[NAME]`). Values always travel as parameters.
 */
import { IDENTIFIER_PATTERN } from '../../config/types.js';
import { BobsyncError } from '../../errors.js';

/** `[name]` for a valid identifier; a 'config' error naming `configKey` otherwise. */
export function quoteIdentifier(name: string, configKey: string): string {
  if (!IDENTIFIER_PATTERN.test(name)) {
    throw new BobsyncError('config', `"${configKey}" is not a valid SQL name: ${JSON.stringify(name)}`, {
      hint: `set "${configKey}" to a table or column name made of letters, digits and _ (at most 64, not starting with a digit)`,
    });
  }
  return `[${name}]`;
}
