import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditKeysFromPrivateKey, checkpointVerifierFromPublicKey, type AuditKeys, type CheckpointVerifier } from '../domain/audit-signing';

export const KEY_FILE_VARIABLE = 'ONRAMP_AUDIT_SIGNING_KEY_FILE';
export const KEY_VARIABLE = 'ONRAMP_AUDIT_SIGNING_KEY';
export const DEMO_KEY_FILE = 'audit-signing-key.pem';

const HOW_TO_GENERATE = 'generate one with: openssl genpkey -algorithm ed25519 -out audit-signing-key.pem && chmod 600 audit-signing-key.pem';

export interface SigningKeySettings {
  /** ONRAMP_AUDIT_SIGNING_KEY_FILE, resolved, or null. */
  auditSigningKeyFile: string | null;
  /** ONRAMP_AUDIT_SIGNING_KEY: the PEM or base64 DER itself. A secret: never logged. */
  auditSigningKey: string | undefined;
  dataDir: string;
}

export interface LoadedSigningKey {
  keys: AuditKeys;
  /** Where the key came from, safe to log (a path or a variable name, never the key). */
  source: { kind: 'file'; file: string } | { kind: 'environment'; variable: typeof KEY_VARIABLE } | { kind: 'demo'; file: string; generated: boolean };
  /** Things an operator should fix that do not stop start-up (a key file others can read). */
  warnings: string[];
}

/**
 * The audit signing key, from ONRAMP_AUDIT_SIGNING_KEY_FILE or ONRAMP_AUDIT_SIGNING_KEY. The embedded
 * demo (`demo: true`) without either generates one at `<dataDir>/audit-signing-key.pem` (mode 600)
 * and reuses it on later starts. Anything else without a key fails, naming the variables: a
 * deployment that silently signed with a throwaway key would anchor nothing.
 *
 * Errors and warnings name the variable or the file, never the key or the underlying parser's
 * message (which could quote it).
 */
export function loadSigningKey(settings: SigningKeySettings, options: { demo: boolean }): LoadedSigningKey {
  const { auditSigningKeyFile: file, auditSigningKey: value } = settings;
  if (file && value) throw new Error(`both ${KEY_FILE_VARIABLE} and ${KEY_VARIABLE} are set: set only one of them`);
  if (file) {
    const name = `${KEY_FILE_VARIABLE} (${file})`;
    const keys = auditKeysFromPrivateKey(privateKeyFromFile(file, name));
    return { keys, source: { kind: 'file', file }, warnings: permissionWarnings(file, name) };
  }
  if (value)
    return { keys: auditKeysFromPrivateKey(privateKeyFromText(value, KEY_VARIABLE)), source: { kind: 'environment', variable: KEY_VARIABLE }, warnings: [] };
  if (!options.demo)
    throw new Error(
      `no audit signing key: set ${KEY_FILE_VARIABLE} to the path of an Ed25519 private key in PEM (PKCS#8), or ${KEY_VARIABLE} to the PEM or its base64 DER; ${HOW_TO_GENERATE}. Keep the key out of the database and its backups.`,
    );
  return demoKey(settings.dataDir);
}

/**
 * A public key for auditors, who check checkpoint signatures without the private key. Accepts the
 * public key PEM (SPKI); a private key file works too (its public half is used).
 */
export function loadCheckpointVerifier(file: string): CheckpointVerifier {
  const text = readKeyFile(file, file);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch {
    throw new Error(`${file} is not an Ed25519 public key in PEM (export one with: openssl pkey -in audit-signing-key.pem -pubout -out audit-public-key.pem)`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} holds a ${key.asymmetricKeyType ?? 'non-asymmetric'} key, not an Ed25519 key`);
  return checkpointVerifierFromPublicKey(key);
}

function demoKey(dataDir: string): LoadedSigningKey {
  const file = join(dataDir, DEMO_KEY_FILE);
  const source = (generated: boolean) => ({ kind: 'demo' as const, file, generated });
  try {
    statSync(file);
    return { keys: auditKeysFromPrivateKey(privateKeyFromFile(file, file)), source: source(false), warnings: permissionWarnings(file, file) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dataDir, { recursive: true });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  try {
    // 'wx': a second process starting at the same moment must not replace the first one's key.
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new Error(`cannot write the demo audit signing key to ${file} (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`, { cause: e });
    return { keys: auditKeysFromPrivateKey(privateKeyFromFile(file, file)), source: source(false), warnings: [] };
  }
  return { keys: auditKeysFromPrivateKey(privateKeyFromText(pem, file)), source: source(true), warnings: [] };
}

function readKeyFile(file: string, name: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${name} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`, { cause: e });
  }
}

function privateKeyFromFile(file: string, name: string): KeyObject {
  const text = readKeyFile(file, name);
  if (!text.includes('-----BEGIN')) throw new Error(`${name} is not a PEM file: expected an Ed25519 private key in PEM (PKCS#8); ${HOW_TO_GENERATE}`);
  return privateKeyFromText(text, name);
}

/** PEM (any PKCS#8 PEM) or base64 of the DER, as a variable may hold either. */
function privateKeyFromText(text: string, name: string): KeyObject {
  let key: KeyObject;
  try {
    // A PEM pasted into a one-line env file often arrives with literal "\n" for its line breaks.
    const trimmed = text.trim().replace(/\\n/g, '\n');
    key = trimmed.startsWith('-----BEGIN')
      ? createPrivateKey({ key: trimmed, format: 'pem' })
      : createPrivateKey({ key: Buffer.from(base64(trimmed, name), 'base64'), format: 'der', type: 'pkcs8' });
  } catch (e) {
    if (e instanceof KeyFormatError) throw e;
    // No cause on purpose: what the parser says about key bytes is nothing an operator needs, and
    // an error's cause is printed wherever the error is logged.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`${name} is not an Ed25519 private key in PEM or base64 DER (PKCS#8); ${HOW_TO_GENERATE}`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${name} holds a ${key.asymmetricKeyType ?? 'non-asymmetric'} private key; the audit signing key must be Ed25519: ${HOW_TO_GENERATE}`);
  return key;
}

class KeyFormatError extends Error {}

function base64(text: string, name: string): string {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new KeyFormatError(`${name} is neither a PEM block nor base64: ${HOW_TO_GENERATE}`);
  return compact;
}

/** ssh refuses a key others can read; a warning here, since container secrets are often mounted 0444. */
function permissionWarnings(file: string, name: string): string[] {
  const mode = statSync(file).mode & 0o777;
  return mode & 0o077
    ? [`${name} can be read by other users (mode ${mode.toString(8).padStart(3, '0')}): restrict it with chmod 600 so only the Onramp service can sign`]
    : [];
}
