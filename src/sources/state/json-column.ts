/**
 * Some state columns hold JSON text (a journal entry's detail, a run's counts, a row's payload):
 * the object they hold, or an empty object when the text is not a JSON object (those columns are
 * informative; a broken one must not stop a rerun).
 */
export function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
