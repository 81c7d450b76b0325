/**
 * Limits against hostile or accidental huge files (an edited workbook comes from outside): a file
 * beyond them is refused with a clear error before it can exhaust memory or disk.
 */

/** Limits against hostile or accidental huge files. */
export interface ImportLimits {
  /** Largest file accepted, in bytes (a CSV folder: each file and their total). */
  maxFileBytes: number;
  /** Most rows read in one sheet. */
  maxRowsPerSheet: number;
  /** Largest total uncompressed size of an xlsx's parts, in bytes. */
  maxUncompressedBytes: number;
  /** Columns kept per row; cells beyond are ignored with a note. */
  maxColumns: number;
  /** Most parts in an xlsx zip. */
  maxZipEntries: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxRowsPerSheet: 1_000_000,
  maxUncompressedBytes: 2 * 1024 * 1024 * 1024,
  maxColumns: 256,
  maxZipEntries: 10_000,
};

/** Human size: `200 MB`, `2 GB`, `512 bytes`. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** What to do about a file refused for its size. */
export const LIMIT_HINT = 'Check that this is the workbook exported by bobsync: an export of 100,000 customers is about 15 MB, far below the limits.';
