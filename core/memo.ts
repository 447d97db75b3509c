/** Memo tables: the value a map holds for a key, made and kept the first time it is asked for. */

interface Table<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
  set(key: K, value: V): unknown;
}

/** The map's value for `key`, or `make()`'s, which is kept (an undefined value is kept too). */
export function remembered<K, V>(table: Table<K, V>, key: K, make: () => V): V {
  const known = table.get(key);
  if (known !== undefined || table.has(key)) return known as V;
  const made = make();
  table.set(key, made);
  return made;
}
