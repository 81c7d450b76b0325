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
