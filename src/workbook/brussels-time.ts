/**
 * Times as a Belgian office reads them: local time in Brussels, to the second, `2026-12-04 09:41:54`
 * (the zone is named once where the times are shown). Stored times stay ISO 8601 UTC; only what a
 * person reads is converted.
 */

/** Where the times shown are. */
export const TIME_ZONE = 'Europe/Brussels';

const FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2026-12-04T08:41:54.561Z` → `2026-12-04 09:41:54`; empty stays empty, text that is not a time stays as it is. */
export function brusselsTime(iso: string): string {
  if (iso.trim() === '') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part: Record<string, string> = {};
  for (const { type, value } of FORMAT.formatToParts(date)) part[type] = value;
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
}
