/**
 * Finds CRM companies with a name like a BOB customer's in the same postcode, without comparing every
 * pair: names are indexed by postcode and by their rarest words (prefix filtering, Bayardo et al.,
 * "Scaling up all pairs similarity search"). Two word sets with a Jaccard index of at least t share a
 * word among the first |x| − ⌈t·|x|⌉ + 1 words of each, once both are sorted by one global order;
 * indexing and probing only those words finds every such pair and few others.
 */
import { push, sortSmall } from './collections.js';
import { compareNatural } from './compare-natural.js';
import type { CrmCompany } from './model.js';
import { nameTokens, postcodeKey, tokenSimilarity } from './normalise.js';

/** Names at least this alike (see `nameSimilarity`) are shown as possible matches. */
export const NAME_SIMILARITY_THRESHOLD = 0.8;

interface Entry {
  company: CrmCompany;
  tokens: string[];
}

export interface NameIndex {
  /** Companies in `postcode` whose name is similar to `name`, by CRM id. */
  find(name: string, postcode: string): CrmCompany[];
}

/** Indexes `companies` (those without a postcode or a name are never found). */
export function buildNameIndex(companies: readonly CrmCompany[]): NameIndex {
  const entries: Array<{ entry: Entry; postcode: string }> = [];
  const frequency = new Map<string, number>();
  for (const company of companies) {
    const postcode = postcodeKey(company.address?.postcode ?? '');
    const tokens = unique(nameTokens(company.name));
    if (postcode === '' || tokens.length === 0) continue;
    entries.push({ entry: { company, tokens }, postcode });
    for (const t of tokens) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  }

  // Rarest first; ties by the word itself so the order is total and the same on both sides.
  const order = (a: string, b: string): number =>
    (frequency.get(a) ?? 0) - (frequency.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);

  const byPrefixWord = new Map<string, Entry[]>();
  const byJoined = new Map<string, Entry[]>();
  for (const { entry, postcode } of entries) {
    for (const t of prefix(sortSmall([...entry.tokens], order))) push(byPrefixWord, `${postcode}\u0000${t}`, entry);
    push(byJoined, `${postcode}\u0000${entry.tokens.join('')}`, entry);
  }

  return {
    find(name: string, rawPostcode: string): CrmCompany[] {
      const postcode = postcodeKey(rawPostcode);
      const tokens = unique(nameTokens(name));
      if (postcode === '' || tokens.length === 0) return [];
      const seen = new Set<Entry>(byJoined.get(`${postcode}\u0000${tokens.join('')}`) ?? []);
      for (const t of prefix(sortSmall([...tokens], order))) {
        for (const entry of byPrefixWord.get(`${postcode}\u0000${t}`) ?? []) seen.add(entry);
      }
      const found = [...seen].filter((entry) => tokenSimilarity(tokens, entry.tokens) >= NAME_SIMILARITY_THRESHOLD).map((entry) => entry.company);
      return sortSmall(found, (a, b) => compareNatural(a.id, b.id));
    },
  };
}

/**
 * The words to index or probe for a threshold of 4/5: |x| − ⌈4|x|/5⌉ + 1, in integers because in
 * floating point 0.8 × 15 is 12.000000000000002. Change it together with NAME_SIMILARITY_THRESHOLD.
 */
function prefix(sortedTokens: string[]): string[] {
  const n = sortedTokens.length;
  const minOverlap = Math.floor((4 * n + 4) / 5);
  return sortedTokens.slice(0, n - minOverlap + 1);
}

function unique(tokens: string[]): string[] {
  return [...new Set(tokens)];
}
