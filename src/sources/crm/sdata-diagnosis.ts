/**
 * Reads an error body from Sage CRM defensively. The JSON shape is not documented for sagecrm2;
 * SData's convention is `{ "$diagnoses": [ { "$severity", "$sdataCode", "$message" } ] }`, some
 * servers answer `{ "$message" }` or a bare array, and proxies answer HTML or plain text.
 */

/** At most this many characters of a raw (non-SData) body go into a message. */
const RAW_TEXT_LIMIT = 200;

export interface Diagnosis {
  /** The human-readable message(s), or '' when the body says nothing useful. */
  message: string;
  /** The first `$sdataCode`, or ''. */
  sdataCode: string;
}

/** The message and SData code of an error response body. */
export function readDiagnosis(body: string): Diagnosis {
  const text = body.trim();
  if (text === '') return { message: '', sdataCode: '' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { message: rawText(text), sdataCode: '' };
  }
  const items = diagnosisItems(parsed);
  const messages = items.map((item) => stringProp(item, ['$message', 'message'])).filter((m) => m !== '');
  const codes = items.map((item) => stringProp(item, ['$sdataCode', 'sdataCode'])).filter((c) => c !== '');
  if (messages.length === 0 && codes.length === 0) return { message: rawText(text), sdataCode: '' };
  return { message: messages.join('; '), sdataCode: codes[0] ?? '' };
}

function diagnosisItems(parsed: unknown): Record<string, unknown>[] {
  const objects = (list: unknown[]): Record<string, unknown>[] =>
    list.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x));
  if (Array.isArray(parsed)) return objects(parsed);
  if (parsed === null || typeof parsed !== 'object') return [];
  const record = parsed as Record<string, unknown>;
  for (const key of ['$diagnoses', 'diagnoses']) {
    const list = record[key];
    if (Array.isArray(list)) return objects(list);
  }
  return [record];
}

function stringProp(item: Record<string, unknown>, keys: string[]): string {
  for (const key of keys) {
    const value = item[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return '';
}

/** Markup stripped, whitespace collapsed, cut to a readable length. */
function rawText(text: string): string {
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > RAW_TEXT_LIMIT ? `${plain.slice(0, RAW_TEXT_LIMIT)}…` : plain;
}
