/** How a failed delivery attempt is treated. */
export type FailureKind = 'temporary' | 'permanent';

const TEMPORARY_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EPROTOCOL',
  'ETLS',
  'EAUTH_TEMP',
]);

/**
 * SMTP replies in the 4xx range and network failures are temporary (try again later); 5xx replies
 * are permanent (the server will never take this message); anything else unknown is permanent, so
 * a broken message does not loop.
 */
export function classifyFailure(error: unknown): FailureKind {
  const e = error as { responseCode?: number; code?: string };
  if (typeof e?.responseCode === 'number') return e.responseCode >= 500 ? 'permanent' : e.responseCode >= 400 ? 'temporary' : 'permanent';
  if (e?.code && TEMPORARY_CODES.has(e.code)) return 'temporary';
  return 'permanent';
}

/** Exponential backoff: base, 2×base, 4×base… capped at a day. */
export function nextAttemptDelay(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 86_400_000);
}

/** A one-line description of a failure, safe to store and show: no credentials, no newlines. */
export function describeFailure(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; message?: string; response?: string };
  const text = [e?.responseCode ? String(e.responseCode) : null, e?.code ?? null, e?.response ?? e?.message ?? String(error)].filter(Boolean).join(' ');
  return text
    .replace(/\/\/[^@/\s]*@/g, '//***@')
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 900);
}
