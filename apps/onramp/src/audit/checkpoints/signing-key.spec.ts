import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditKeysFromPrivateKey } from '../domain/audit-signing';
import { loadCheckpointVerifier, loadSigningKey, type SigningKeySettings } from './signing-key';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'onramp-signing-key-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ed25519 = () => generateKeyPairSync('ed25519').privateKey;
const pemOf = (key = ed25519()) => key.export({ format: 'pem', type: 'pkcs8' }).toString();
const settings = (over: Partial<SigningKeySettings> = {}): SigningKeySettings => ({
  auditSigningKeyFile: null,
  auditSigningKey: undefined,
  dataDir: dir,
  ...over,
});

function keyFile(content: string, mode = 0o600): string {
  const file = join(dir, 'audit-signing-key.pem');
  writeFileSync(file, content, { mode });
  chmodSync(file, mode); // whatever the umask
  return file;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('loadSigningKey', () => {
  it('loads the PEM file that the documented openssl command writes', () => {
    const file = join(dir, 'key.pem');
    const openssl = spawnSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', file], { encoding: 'utf8' });
    expect(openssl.status).toBe(0);
    chmodSync(file, 0o600);

    const loaded = loadSigningKey(settings({ auditSigningKeyFile: file }), { demo: false });

    expect(loaded.source).toEqual({ kind: 'file', file });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.keys.verifyCheckpoint(loaded.keys.sign({ chain: 'RH8', seq: 1, head: 'a'.repeat(64), at: '2026-11-22T09:00:00.000Z' }))).toBe(true);
  });

  it('loads the same key from the file, the PEM in the variable (also with escaped line breaks) and base64 DER in the variable', () => {
    const key = ed25519();
    const pem = pemOf(key);
    const expected = auditKeysFromPrivateKey(key).keyId;
    const der = key.export({ format: 'der', type: 'pkcs8' }).toString('base64');

    expect(loadSigningKey(settings({ auditSigningKeyFile: keyFile(pem) }), { demo: false }).keys.keyId).toBe(expected);
    expect(loadSigningKey(settings({ auditSigningKey: pem }), { demo: false })).toMatchObject({
      keys: { keyId: expected },
      source: { kind: 'environment', variable: 'ONRAMP_AUDIT_SIGNING_KEY' },
    });
    expect(loadSigningKey(settings({ auditSigningKey: pem.replace(/\n/g, '\\n') }), { demo: false }).keys.keyId).toBe(expected);
    expect(loadSigningKey(settings({ auditSigningKey: der }), { demo: false }).keys.keyId).toBe(expected);
    expect(loadSigningKey(settings({ auditSigningKey: ` ${der.slice(0, 20)}\n${der.slice(20)} ` }), { demo: false }).keys.keyId).toBe(expected);
  });

  it('refuses to start without a key outside the demo, naming both variables and how to generate a key', () => {
    const message = errorOf(() => loadSigningKey(settings(), { demo: false }));

    expect(message).toContain('ONRAMP_AUDIT_SIGNING_KEY_FILE');
    expect(message).toContain('ONRAMP_AUDIT_SIGNING_KEY to the PEM');
    expect(message).toContain('openssl genpkey -algorithm ed25519 -out audit-signing-key.pem');
    expect(() => statSync(join(dir, 'audit-signing-key.pem'))).toThrow(/ENOENT/);
  });

  it('refuses both variables at once', () => {
    expect(() => loadSigningKey(settings({ auditSigningKeyFile: keyFile(pemOf()), auditSigningKey: pemOf() }), { demo: true })).toThrow(
      'both ONRAMP_AUDIT_SIGNING_KEY_FILE and ONRAMP_AUDIT_SIGNING_KEY are set: set only one of them',
    );
  });

  describe('in the embedded demo', () => {
    it('generates a key at <dataDir>/audit-signing-key.pem with mode 600 and reuses it on the next start', () => {
      const dataDir = join(dir, 'data');
      const first = loadSigningKey(settings({ dataDir }), { demo: true });
      const file = join(dataDir, 'audit-signing-key.pem');

      expect(first.source).toEqual({ kind: 'demo', file, generated: true });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);

      const second = loadSigningKey(settings({ dataDir }), { demo: true });

      expect(second.source).toEqual({ kind: 'demo', file, generated: false });
      expect(second.keys.keyId).toBe(first.keys.keyId);
      expect(second.warnings).toEqual([]);
    });

    it('uses a configured key rather than generating one', () => {
      const pem = pemOf();

      expect(loadSigningKey(settings({ auditSigningKey: pem }), { demo: true }).source.kind).toBe('environment');
      expect(() => statSync(join(dir, 'audit-signing-key.pem'))).toThrow(/ENOENT/);
    });
  });

  describe('a bad key', () => {
    it('names the variable and the file when the file is missing', () => {
      const file = join(dir, 'nowhere.pem');

      expect(() => loadSigningKey(settings({ auditSigningKeyFile: file }), { demo: false })).toThrow(
        `ONRAMP_AUDIT_SIGNING_KEY_FILE (${file}) cannot be read (ENOENT)`,
      );
    });

    it('refuses a file that is not PEM without quoting it', () => {
      const file = keyFile('hunter2-secret-material');
      const message = errorOf(() => loadSigningKey(settings({ auditSigningKeyFile: file }), { demo: false }));

      expect(message).toContain(`ONRAMP_AUDIT_SIGNING_KEY_FILE (${file}) is not a PEM file`);
      expect(message).not.toContain('hunter2');
    });

    it('refuses a PEM key of another algorithm, naming it', () => {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

      expect(() => loadSigningKey(settings({ auditSigningKey: ec }), { demo: false })).toThrow(
        'ONRAMP_AUDIT_SIGNING_KEY holds a ec private key; the audit signing key must be Ed25519',
      );
    });

    it.each([
      ['a damaged PEM', (pem: string) => pem.replace(/\n[A-Za-z0-9+/]{8}/, '\nAAAAAAAA')],
      ['base64 that is not a key', () => Buffer.from('hunter2 not a key at all').toString('base64')],
      ['text that is neither', () => 'hunter2 is my password'],
    ])('refuses %s in the variable without echoing any of it', (_what, make) => {
      const value = make(pemOf());
      const message = errorOf(() => loadSigningKey(settings({ auditSigningKey: value }), { demo: false }));

      expect(message).toMatch(/^ONRAMP_AUDIT_SIGNING_KEY is (not an Ed25519 private key|neither a PEM block nor base64)/);
      expect(message).not.toContain('hunter2');
      expect(message).not.toContain(Buffer.from('hunter2').toString('base64').slice(0, 8));
      for (const line of value.split('\n').filter((l) => l.length > 12)) expect(message).not.toContain(line);
    });

    it('warns, naming the file, when others can read the key file', () => {
      const file = keyFile(pemOf(), 0o644);

      expect(loadSigningKey(settings({ auditSigningKeyFile: file }), { demo: false }).warnings).toEqual([
        `ONRAMP_AUDIT_SIGNING_KEY_FILE (${file}) can be read by other users (mode 644): restrict it with chmod 600 so only the Onramp service can sign`,
      ]);
    });
  });
});

describe('loadCheckpointVerifier', () => {
  it('verifies checkpoints with only the public key an auditor was given', () => {
    const key = ed25519();
    const signer = auditKeysFromPrivateKey(key);
    const file = join(dir, 'audit-public-key.pem');
    writeFileSync(file, signer.publicKeyPem);
    const checkpoint = signer.sign({ chain: '*', seq: 4, head: 'b'.repeat(64), at: '2026-11-22T09:00:00.000Z' });

    const verifier = loadCheckpointVerifier(file);

    expect(verifier.keyId).toBe(signer.keyId);
    expect(verifier.verifyCheckpoint(checkpoint)).toBe(true);
    expect('mac' in verifier).toBe(false);
    expect(createPublicKey(signer.publicKeyPem).asymmetricKeyType).toBe('ed25519');
  });

  it('refuses a file that holds no public key, naming the file and how to export one', () => {
    const file = keyFile('not a key');

    expect(() => loadCheckpointVerifier(file)).toThrow(`${file} is not an Ed25519 public key in PEM (export one with: openssl pkey`);
  });
});
