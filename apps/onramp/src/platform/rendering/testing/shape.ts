/**
 * Differences in shape between an exemplar (a typed model from the builders) and a parsed fixture:
 * missing or extra keys and mismatched types, by path. `null` matches anything, since nullable
 * fields legitimately hold either; array elements are compared with the exemplar's first element.
 */
export function shapeDifferences(exemplar: unknown, actual: unknown, path = '$'): string[] {
  if (exemplar === null || actual === null) return [];
  if (Array.isArray(exemplar)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list, got ${typeof actual}`];
    if (exemplar.length === 0) return [];
    return actual.flatMap((item, i) => shapeDifferences(exemplar[0], item, `${path}[${i}]`));
  }
  if (typeof exemplar === 'object') {
    if (typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected an object, got ${Array.isArray(actual) ? 'a list' : typeof actual}`];
    const e = exemplar as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const missing = Object.keys(e)
      .filter((k) => !(k in a))
      .map((k) => `${path}.${k}: missing`);
    const extra = Object.keys(a)
      .filter((k) => !(k in e))
      .map((k) => `${path}.${k}: not in the model`);
    return [
      ...missing,
      ...extra,
      ...Object.keys(e)
        .filter((k) => k in a)
        .flatMap((k) => shapeDifferences(e[k], a[k], `${path}.${k}`)),
    ];
  }
  return typeof exemplar === typeof actual ? [] : [`${path}: expected ${typeof exemplar}, got ${typeof actual}`];
}
