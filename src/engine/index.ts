/** The engine's public functions (pure: no I/O, no clock, no randomness). Types live in `model.ts`. */
export { buildProposal, type BuildProposalOptions } from './build-proposal.js';
export { compareNatural, sortByKey } from './compare-natural.js';
export { COMPARED_FIELDS, diffPair, type ComparedPersonalField } from './diff-pair.js';
export { canonicalJson, fingerprintBob, fingerprintCrm, fingerprintMapping } from './fingerprint.js';
export { NAME_SIMILARITY_THRESHOLD } from './name-index.js';
export { deriveBobId } from './new-bob-id.js';
export {
  barePostcode,
  foldAccents,
  nameSimilarity,
  nameTokens,
  normaliseCountry,
  normaliseEmail,
  normaliseLanguage,
  normalisePhone,
  normaliseText,
  normaliseWebsite,
  postcodeKey,
} from './normalise.js';
export { bobVat, companyVat, formatBelgianVat, normaliseVat, partyVat, type VatResult } from './vat.js';
