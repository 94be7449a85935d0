import { createHash } from 'node:crypto';

/** The hex sha256 of a secret: what is stored of session cookies and emailed links, never the secret. */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
