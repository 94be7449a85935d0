import { createHash } from 'node:crypto';

/** What makes one email unique: the same four always give the same key and Message-ID. */
export interface MessageIdentity {
  recipient: string;
  purpose: string;
  /** What the email is about, e.g. `<run id>/<step id>` or `organisation/RH8`. */
  subjectEntity: string;
  /** Which occurrence of it, e.g. the due date of a reminder or the ISO week of a digest. */
  occurrence: string;
}

export function messageKey(id: MessageIdentity): string {
  return createHash('sha256')
    .update(JSON.stringify([id.recipient.trim().toLowerCase(), id.purpose, id.subjectEntity, id.occurrence]))
    .digest('hex');
}

/**
 * A Message-ID derived from the key, so a receiver (and our own retries after a crash) see the same
 * message each time. The domain is the sender's, from MAIL_FROM.
 */
export function messageIdFor(key: string, mailFrom: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'onramp.invalid';
  return `<${key.slice(0, 40)}@${domain}>`;
}
