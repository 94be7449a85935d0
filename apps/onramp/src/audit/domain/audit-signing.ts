import { createHash, createHmac, createPublicKey, createSecretKey, hkdfSync, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/**
 * Anchoring the audit trail outside the database, after AWS CloudTrail's signed digest files and
 * Certificate Transparency's signed tree heads: the database alone cannot prove its own history,
 * because whoever can write the entries can also write the head stored beside them.
 *
 * Two things come from one Ed25519 private key:
 * - a **checkpoint signature** (Ed25519) over a chain's head at a moment, kept in files outside the
 *   database and checkable by anyone holding only the public key;
 * - a **per-entry MAC** (HMAC-SHA256 over the entry's hash) with a key derived from the private key,
 *   so an entry inserted or re-hashed by someone without the key fails verification even when it is
 *   newer than the last checkpoint. A MAC rather than a signature per entry because verifying 100k
 *   Ed25519 signatures takes seconds, while 100k HMACs cost about as much as the hashes themselves.
 */

/** First line of the signed text; a new layout gets a new version, old checkpoints keep verifying under theirs. */
export const CHECKPOINT_FORMAT = 'onramp-audit-checkpoint/v1';

/**
 * HKDF-SHA256 `info` for the entry MAC key. Fixed forever for v1: changing it would make every
 * stored MAC fail. The input keying material is the 32-byte Ed25519 seed (uniformly random, so no
 * salt is needed; RFC 5869 §3.1) and the output is 32 bytes.
 */
export const ENTRY_MAC_KEY_INFO = 'onramp-audit-entry-mac/v1';

/** The chain of events that belong to no organisation. */
export const GLOBAL_CHAIN = '*';

/** An organisation's ODS code (1 to 9 letters or digits, as the organisations context validates) or `*`. */
const CHAIN = /^(\*|[A-Z0-9]{1,9})$/;
const HASH = /^[0-9a-f]{64}$/;
/** The shape `Date.prototype.toISOString` writes, so `at` has exactly one spelling. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/; // 64 bytes, base64url without padding

/** What a checkpoint states: chain `chain` had `seq` entries and its newest entry's hash was `head`, at `at`. */
export interface CheckpointStatement {
  chain: string;
  seq: number;
  head: string;
  /** ISO 8601 UTC instant with milliseconds (`toISOString()`). */
  at: string;
}

export interface Checkpoint extends CheckpointStatement {
  /** Fingerprint of the public key that signed ({@link keyFingerprint}). */
  keyId: string;
  /** Ed25519 signature over {@link serialiseCheckpoint}, base64url. */
  signature: string;
}

/** Checks checkpoint signatures; all an auditor with only the public key can do. */
export interface CheckpointVerifier {
  readonly keyId: string;
  /** The public key in PEM (SPKI), to hand to an auditor. */
  readonly publicKeyPem: string;
  /** True only for a well-formed checkpoint signed by this key; never throws. */
  verifyCheckpoint(checkpoint: Checkpoint): boolean;
}

/** Signs checkpoints and authenticates entries; what the running service and `onramp audit verify` hold. */
export interface AuditKeys extends CheckpointVerifier {
  sign(statement: CheckpointStatement): Checkpoint;
  /** HMAC-SHA256 of the entry's hash, hex (64 characters). */
  mac(entryHash: string): string;
  /** Constant-time check of a stored MAC; false for a missing or malformed one, never throws. */
  verifyMac(entryHash: string, mac: string | null | undefined): boolean;
}

/** Why a statement cannot be signed or a parsed record is not a checkpoint, or null when it is fine. */
export function checkpointStatementProblem(c: CheckpointStatement): string | null {
  if (typeof c.chain !== 'string' || !CHAIN.test(c.chain)) return 'chain must be an ODS code (1 to 9 capital letters or digits) or "*"';
  if (!Number.isSafeInteger(c.seq) || c.seq < 0) return 'seq must be a whole number of entries, 0 or more';
  if (typeof c.head !== 'string' || !HASH.test(c.head)) return 'head must be a sha256 hash in lowercase hex';
  if (typeof c.at !== 'string' || !INSTANT.test(c.at) || Number.isNaN(Date.parse(c.at)) || new Date(c.at).toISOString() !== c.at)
    return 'at must be a UTC instant as toISOString() writes it';
  return null;
}

/**
 * The exact bytes a checkpoint signature covers: the format line, then one field per line. Every
 * field is validated first (no field can contain a newline), so two different statements can never
 * serialise to the same text.
 */
export function serialiseCheckpoint(statement: CheckpointStatement): string {
  const problem = checkpointStatementProblem(statement);
  if (problem) throw new Error(`cannot serialise an audit checkpoint: ${problem}`);
  return [CHECKPOINT_FORMAT, statement.chain, String(statement.seq), statement.head, statement.at].join('\n');
}

/** sha256 of the raw 32-byte public key, hex, first 16 characters: names the key without revealing anything. */
export function keyFingerprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  if (publicKey.asymmetricKeyType !== 'ed25519' || typeof jwk.x !== 'string') throw new Error('an audit key must be an Ed25519 key');
  return createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex').slice(0, 16);
}

function verifierFor(publicKey: KeyObject): CheckpointVerifier {
  const keyId = keyFingerprint(publicKey);
  const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  return {
    keyId,
    publicKeyPem,
    verifyCheckpoint(checkpoint) {
      if (!checkpoint || checkpoint.keyId !== keyId || typeof checkpoint.signature !== 'string' || !SIGNATURE.test(checkpoint.signature)) return false;
      if (checkpointStatementProblem(checkpoint)) return false;
      return verify(null, Buffer.from(serialiseCheckpoint(checkpoint)), publicKey, Buffer.from(checkpoint.signature, 'base64url'));
    },
  };
}

/** The verify-only form: checkpoint signatures, no MACs (those need the private key). */
export function checkpointVerifierFromPublicKey(publicKey: KeyObject): CheckpointVerifier {
  if (publicKey.type !== 'public') throw new Error('checkpointVerifierFromPublicKey needs a public key');
  return verifierFor(publicKey);
}

export function auditKeysFromPrivateKey(privateKey: KeyObject): AuditKeys {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') throw new Error('an audit signing key must be an Ed25519 private key');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d as string, 'base64url');
  // A KeyObject, not a Buffer: createHmac imports a Buffer key on every call, which is ~6x slower.
  const macKey = createSecretKey(Buffer.from(hkdfSync('sha256', seed, Buffer.alloc(0), ENTRY_MAC_KEY_INFO, 32)));
  seed.fill(0);
  const verifier = verifierFor(createPublicKey(privateKey));
  const macBytes = (entryHash: string) => createHmac('sha256', macKey).update(entryHash, 'utf8').digest();
  return {
    ...verifier,
    sign(statement) {
      const signature = sign(null, Buffer.from(serialiseCheckpoint(statement)), privateKey).toString('base64url');
      const { chain, seq, head, at } = statement;
      return { chain, seq, head, at, keyId: verifier.keyId, signature };
    },
    mac: (entryHash) => macBytes(entryHash).toString('hex'),
    verifyMac(entryHash, stored) {
      if (typeof entryHash !== 'string' || typeof stored !== 'string' || !HASH.test(stored)) return false;
      return timingSafeEqual(macBytes(entryHash), Buffer.from(stored, 'hex'));
    },
  };
}

/** Whether these keys can check entry MACs (the private-key form) or only checkpoint signatures. */
export function canAuthenticateEntries(keys: CheckpointVerifier | AuditKeys): keys is AuditKeys {
  return typeof (keys as Partial<AuditKeys>).verifyMac === 'function';
}

/** One checkpoint as a JSON line (fields in a fixed order), the form kept in files and sent by email. */
export function checkpointToLine(c: Checkpoint): string {
  return JSON.stringify({ chain: c.chain, seq: c.seq, head: c.head, at: c.at, keyId: c.keyId, signature: c.signature });
}

/** Parses one stored line; the reason when it is not a checkpoint. Does not check the signature. */
export function parseCheckpointLine(line: string): { checkpoint: Checkpoint } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: 'not JSON' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: 'not a JSON object' };
  const v = value as Record<string, unknown>;
  const checkpoint = { chain: v.chain, seq: v.seq, head: v.head, at: v.at, keyId: v.keyId, signature: v.signature } as Checkpoint;
  const problem = checkpointStatementProblem(checkpoint);
  if (problem) return { problem };
  if (typeof checkpoint.keyId !== 'string' || !KEY_ID.test(checkpoint.keyId)) return { problem: 'keyId must be 16 lowercase hex characters' };
  if (typeof checkpoint.signature !== 'string' || !SIGNATURE.test(checkpoint.signature)) return { problem: 'signature must be 64 bytes in base64url' };
  return { checkpoint };
}
