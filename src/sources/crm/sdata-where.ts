/**
 * Builds SData `where` expressions. Values are always quoted string literals (Sage CRM's own
 * examples quote ids too: `comp_companyid in ('43','45')`), with embedded quotes doubled, so a
 * value can never end the literal and inject an expression.
 */

/** Most values one `in (…)` list may carry: keeps URLs well under common 8 KB limits. */
export const MAX_IN_VALUES = 100;

/** `'value'` with embedded single quotes doubled. */
export function sdataLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `field eq 'value'`. */
export function whereEq(field: string, value: string): string {
  return `${field} eq ${sdataLiteral(value)}`;
}

/**
 * `field in ('a','b',…)` clauses covering every distinct value, at most `chunkSize` values each;
 * no clause at all for an empty list.
 */
export function whereIn(field: string, values: readonly string[], chunkSize: number = MAX_IN_VALUES): string[] {
  const distinct = [...new Set(values)];
  const clauses: string[] = [];
  for (let i = 0; i < distinct.length; i += chunkSize) {
    const literals = distinct.slice(i, i + chunkSize).map(sdataLiteral);
    clauses.push(`${field} in (${literals.join(',')})`);
  }
  return clauses;
}

/** `(a) and (b)` — or `(a) or (b)` — of the non-empty parts; '' when there is none. */
export function combineWhere(operator: 'and' | 'or', parts: readonly string[]): string {
  const present = parts.filter((part) => part !== '');
  if (present.length <= 1) return present[0] ?? '';
  return present.map((part) => `(${part})`).join(` ${operator} `);
}
