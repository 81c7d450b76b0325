/**
 * The Link to CRM id column of the BOB to CRM sheet and the Candidates it chooses from. A candidate
 * is written as one line, `43 ACME NV (BE0403019261, 1050)`; the bookkeeper puts one candidate's
 * id, or `new`, in Link to CRM id. Read back: blank, `new` in any language, a candidate's id (also
 * when Excel turned it into a number and dropped its leading zeros), or a candidate's whole line
 * pasted or its beginning; anything else comes back as typed, for validation to report.
 */
import type { Lang } from '../../config/types.js';
import type { Candidate } from '../../engine/model.js';
import { NEW_KEYWORD } from '../../../templates/columns.js';
import { isLostLeadingZero } from '../cell-value.js';
import type { CellInfo } from '../cell-value.js';

const NEW_WORDS = new Set(Object.values(NEW_KEYWORD));

/** The candidates as written, one line each; empty parts are left out. */
export function formatCandidates(candidates: readonly Candidate[]): string {
  return candidates
    .map((candidate) => {
      const details = [candidate.vat, candidate.postcode].filter((part) => part !== '');
      const name = [candidate.crmId, candidate.name].filter((part) => part !== '').join(' ');
      return details.length > 0 ? `${name} (${details.join(', ')})` : name;
    })
    .join('\n');
}

/** What a row's Link to CRM id offers: its candidates' ids, then "new" in the workbook's language. */
export function linkChoices(candidates: readonly Candidate[], lang: Lang): string[] {
  return [...candidates.map((candidate) => candidate.crmId), NEW_KEYWORD[lang]];
}

/** A Link to CRM id cell read back: `''`, `new`, a candidate's id, or the text as typed. */
export function parseLink(info: CellInfo, candidates: readonly Candidate[]): string {
  const text = info.text.trim();
  if (text === '') return '';
  if (NEW_WORDS.has(text.toLowerCase())) return 'new';
  const byId = candidates.find((c) => c.crmId === text || isLostLeadingZero(text, c.crmId));
  if (byId) return byId.crmId;
  const byLine = candidates.find((c) => {
    const line = formatCandidates([c]);
    return line === text || (text.startsWith(`${c.crmId} `) && line.startsWith(text));
  });
  return byLine ? byLine.crmId : text;
}
