/**
 * JSON with object keys sorted at every depth, so the same value always serialises (and hashes)
 * the same. `keep` leaves out object keys it returns false for (used to compare values while
 * ignoring a field).
 */
export function canonicalJson(value: unknown, keep?: (key: string) => boolean): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([k]) => !keep || keep(k))
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
