import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, sign } from 'node:crypto';
import {
  auditKeysFromPrivateKey,
  canAuthenticateEntries,
  CHECKPOINT_FORMAT,
  checkpointToLine,
  checkpointVerifierFromPublicKey,
  ENTRY_MAC_KEY_INFO,
  keyFingerprint,
  parseCheckpointLine,
  serialiseCheckpoint,
  type Checkpoint,
  type CheckpointStatement,
} from './audit-signing';

/** RFC 8032 §7.1 test 1 secret key, wrapped in PKCS#8: a fixed key so outputs can be pinned. */
const RFC8032_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const fixedKey = createPrivateKey({ key: Buffer.from(`302e020100300506032b657004220420${RFC8032_SEED}`, 'hex'), format: 'der', type: 'pkcs8' });

const statement: CheckpointStatement = { chain: 'RH8', seq: 42, head: 'ab'.repeat(32), at: '2026-11-22T09:15:00.000Z' };

describe('serialiseCheckpoint', () => {
  it('writes the versioned format line and one field per line', () => {
    expect(serialiseCheckpoint(statement)).toBe(`onramp-audit-checkpoint/v1\nRH8\n42\n${'ab'.repeat(32)}\n2026-11-22T09:15:00.000Z`);
    expect(CHECKPOINT_FORMAT).toBe('onramp-audit-checkpoint/v1');
  });

  it('accepts the global chain and an empty chain at seq 0', () => {
    expect(serialiseCheckpoint({ ...statement, chain: '*', seq: 0, head: '0'.repeat(64) })).toBe(
      `onramp-audit-checkpoint/v1\n*\n0\n${'0'.repeat(64)}\n2026-11-22T09:15:00.000Z`,
    );
  });

  it.each([
    ['a chain with a newline, which could forge another field', { chain: 'RH8\n43' }, 'chain must be'],
    ['a lower-case chain', { chain: 'rh8' }, 'chain must be'],
    ['a negative seq', { seq: -1 }, 'seq must be'],
    ['a fractional seq', { seq: 1.5 }, 'seq must be'],
    ['an upper-case head', { head: 'AB'.repeat(32) }, 'head must be'],
    ['a short head', { head: 'ab' }, 'head must be'],
    ['a local time', { at: '2026-11-22T09:15:00+01:00' }, 'at must be'],
    ['an impossible date', { at: '2026-02-30T09:15:00.000Z' }, 'at must be'],
  ])('refuses %s', (_what, change, message) => {
    expect(() => serialiseCheckpoint({ ...statement, ...change })).toThrow(message);
  });
});

describe('keyFingerprint', () => {
  it('is the first 16 hex characters of sha256 over the raw 32-byte public key', () => {
    const publicKey = createPublicKey(fixedKey);
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);

    expect(keyFingerprint(publicKey)).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));
    // RFC 8032 test 1 public key, so the fingerprint is pinned independently of our own export.
    expect(raw.toString('hex')).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  });

  it('is the same from the private and the public form, and differs between keys', () => {
    const keys = auditKeysFromPrivateKey(fixedKey);
    const verifier = checkpointVerifierFromPublicKey(createPublicKey(fixedKey));
    const other = auditKeysFromPrivateKey(generateKeyPairSync('ed25519').privateKey);

    expect(keys.keyId).toBe(verifier.keyId);
    expect(keys.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(other.keyId).not.toBe(keys.keyId);
  });

  it('refuses a key that is not Ed25519', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(() => auditKeysFromPrivateKey(ec)).toThrow('must be an Ed25519 private key');
  });
});

describe('checkpoint signatures', () => {
  const keys = auditKeysFromPrivateKey(fixedKey);

  it('signs the statement and verifies it with the private and the public form', () => {
    const checkpoint = keys.sign(statement);

    expect(checkpoint).toEqual({ ...statement, keyId: keys.keyId, signature: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/) });
    expect(keys.verifyCheckpoint(checkpoint)).toBe(true);
    expect(checkpointVerifierFromPublicKey(createPublicKey({ key: keys.publicKeyPem, format: 'pem' })).verifyCheckpoint(checkpoint)).toBe(true);
  });

  it('gives a pinned signature for a pinned key and statement, so a change of format cannot slip in unnoticed', () => {
    // Ed25519 is deterministic; a different value here means stored checkpoints would stop verifying.
    const signed = `onramp-audit-checkpoint/v1\nRH8\n42\n${'ab'.repeat(32)}\n2026-11-22T09:15:00.000Z`;
    expect(keys.sign(statement).signature).toBe(sign(null, Buffer.from(signed), fixedKey).toString('base64url'));
    expect(keys.sign(statement).signature).toBe('tIQPjErkWhHCaoKLRSYgO_6tr5duVIQkihEN_MpidgQbeQOBoXvMLNVnOheoIVA6UsldNKAwAPx5zjtfd0WnDA');
  });

  it.each([
    ['chain', { chain: 'RH9' }],
    ['seq', { seq: 41 }],
    ['head', { head: 'cd'.repeat(32) }],
    ['at', { at: '2026-11-22T09:15:00.001Z' }],
  ])('fails when %s was changed after signing', (_field, change) => {
    expect(keys.verifyCheckpoint({ ...keys.sign(statement), ...change })).toBe(false);
  });

  it('fails for a checkpoint signed by another key, even with our key id written on it', () => {
    const other = auditKeysFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
    const forged = other.sign(statement);

    expect(keys.verifyCheckpoint(forged)).toBe(false);
    expect(keys.verifyCheckpoint({ ...forged, keyId: keys.keyId })).toBe(false);
  });

  it('fails without throwing for malformed signatures and records', () => {
    const good = keys.sign(statement);

    expect(keys.verifyCheckpoint({ ...good, signature: 'not base64url!' })).toBe(false);
    expect(keys.verifyCheckpoint({ ...good, signature: good.signature.slice(0, 40) })).toBe(false);
    expect(keys.verifyCheckpoint({ ...good, seq: -3 })).toBe(false);
    expect(keys.verifyCheckpoint(null as unknown as Checkpoint)).toBe(false);
  });
});

describe('entry MACs', () => {
  const keys = auditKeysFromPrivateKey(fixedKey);
  const hash = createHash('sha256').update('entry').digest('hex');

  it('is HMAC-SHA256 of the entry hash under HKDF-SHA256(seed, no salt, the documented info), so stored MACs stay checkable', () => {
    const macKey = Buffer.from(hkdfSync('sha256', Buffer.from(RFC8032_SEED, 'hex'), Buffer.alloc(0), 'onramp-audit-entry-mac/v1', 32));

    expect(ENTRY_MAC_KEY_INFO).toBe('onramp-audit-entry-mac/v1');
    expect(keys.mac(hash)).toBe(createHmac('sha256', macKey).update(hash).digest('hex'));
    expect(keys.mac(hash)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies its own MAC and refuses another entry’s, another key’s, a missing and a malformed one', () => {
    const other = auditKeysFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
    const otherHash = createHash('sha256').update('other entry').digest('hex');

    expect(keys.verifyMac(hash, keys.mac(hash))).toBe(true);
    expect(keys.verifyMac(hash, keys.mac(otherHash))).toBe(false);
    expect(keys.verifyMac(hash, other.mac(hash))).toBe(false);
    expect(keys.verifyMac(hash, null)).toBe(false);
    expect(keys.verifyMac(hash, undefined)).toBe(false);
    expect(keys.verifyMac(hash, 'zz'.repeat(32))).toBe(false);
    expect(keys.verifyMac(hash, keys.mac(hash).slice(0, 62))).toBe(false);
  });

  it('is not available from the public key alone', () => {
    const verifier = checkpointVerifierFromPublicKey(createPublicKey(fixedKey));

    expect(canAuthenticateEntries(verifier)).toBe(false);
    expect(canAuthenticateEntries(keys)).toBe(true);
  });

  it('keeps the private key out of anything that could be logged or serialised', () => {
    const printed = JSON.stringify(keys) + String(Object.values(keys));
    const der = fixedKey.export({ format: 'der', type: 'pkcs8' });

    expect(printed).not.toContain(RFC8032_SEED);
    expect(printed).not.toContain(der.toString('base64'));
    expect(printed).not.toContain('PRIVATE KEY');
  });
});

describe('checkpoint lines', () => {
  const keys = auditKeysFromPrivateKey(fixedKey);

  it('round-trips a checkpoint through its JSON line', () => {
    const checkpoint = keys.sign(statement);
    const line = checkpointToLine(checkpoint);

    expect(line).not.toContain('\n');
    expect(parseCheckpointLine(line)).toEqual({ checkpoint });
  });

  it.each([
    ['text that is not JSON', '{"chain":"RH8",', 'not JSON'],
    ['an array', '[1,2]', 'not a JSON object'],
    ['a missing signature', JSON.stringify({ ...statement, keyId: 'a'.repeat(16) }), 'signature must be'],
    ['a bad key id', JSON.stringify({ ...statement, keyId: 'xyz', signature: 'A'.repeat(86) }), 'keyId must be'],
    ['a seq written as a string', JSON.stringify({ ...statement, seq: '42', keyId: 'a'.repeat(16), signature: 'A'.repeat(86) }), 'seq must be'],
  ])('reports %s', (_what, line, problem) => {
    expect(parseCheckpointLine(line)).toEqual({ problem: expect.stringContaining(problem) });
  });
});
