import { passwordProblem } from './domain/password-policy';
import { commonPasswords, hashPassword, verifyPassword } from './passwords';

describe('password hashing', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password twice')).not.toBe(await hashPassword('same password twice'));
  });

  it('refuses when there is no stored hash, after doing the same work', async () => {
    await expect(verifyPassword('anything at all here', null)).resolves.toBe(false);
    await expect(verifyPassword('anything at all here', 'md5$abc')).resolves.toBe(false);
  });
});

describe('the bundled common-password list', () => {
  it('holds tens of thousands of entries, and the policy refuses every one of 8 characters or more', () => {
    const common = commonPasswords();
    expect(common.size).toBeGreaterThan(40_000);
    const sample = [...common].filter((p) => [...p].length >= 8).slice(0, 2000);
    for (const p of sample) expect(passwordProblem(p, { minLength: 8, email: 'x@example.nhs.uk', name: 'X', common })).not.toBeNull();
  });
});
