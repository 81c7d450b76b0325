import { randomBytes } from 'node:crypto';

/**
 * An id stamped with its time, `P20261128-083012-3fa2` for a proposal, `R…` for a run, `M…` for a mapping import: sortable by
 * time, unique enough for one firm (two random bytes within the same second), readable on the phone.
 */
export function stampedId(prefix: 'P' | 'R' | 'M', now: Date): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}`;
  return `${prefix}${stamp}-${randomBytes(2).toString('hex')}`;
}
