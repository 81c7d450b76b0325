/** Small map helpers the engine's builders share. */

/** Map by key; on duplicate keys the first record (in the given order) wins. */
export function firstBy<T>(records: readonly T[], keyOf: (record: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const record of records) {
    const key = keyOf(record);
    if (!map.has(key)) map.set(key, record);
  }
  return map;
}

/** Records by key, in the given order within each key. */
export function groupBy<T>(records: readonly T[], keyOf: (record: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const record of records) push(map, keyOf(record), record);
  return map;
}

/** Appends `value` to the list under `key`, starting the list if needed. */
export function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * Sorts `list` in place by `compare` and returns it, as `Array.prototype.sort` does (stable). Short
 * lists, which the engine sorts per record (a name's words, a record's field names), are sorted by
 * insertion: the built-in sort allocates a work area on every call, about 240 MB over the 100k
 * analysis's engine.
 */
export function sortSmall<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  if (list.length > 16) return list.sort(compare);
  for (let i = 1; i < list.length; i++) {
    const item = list[i]!;
    let j = i - 1;
    while (j >= 0 && compare(list[j]!, item) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = item;
  }
  return list;
}

/** Code-unit order, as `Array.prototype.sort` without a comparator orders strings. */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
