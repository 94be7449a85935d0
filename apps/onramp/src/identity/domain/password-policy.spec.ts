import { passwordProblem } from './password-policy';

/** A stand-in for the bundled list (passwords.spec.ts checks the real one): the policy takes whatever list it is given. */
const COMMON = new Set(['password', 'qwerty123456', '1qaz2wsx3edc', 'letmein', 'monkey', 'dragon']);
const commonPasswords = () => COMMON;

const check = (password: string, minLength = 12) =>
  passwordProblem(password, { minLength, email: 'sam.patel@rxx.nhs.uk', name: 'Dr Sam Patel', common: commonPasswords() });

describe('password policy', () => {
  it('accepts a long, uncommon passphrase', () => {
    expect(check('correct horse battery staple')).toBeNull();
  });

  it.each([
    ['short', 'Enter a password that is at least 12 characters long'],
    ['qwerty123456', 'too common'],
    ['Password12345678!', 'too common'],
    ['!!LetMeIn2026!!!', 'too common'],
    ['1qaz2wsx3edc', 'too common'],
    ['aaaaaaaaaaaaaaaa', 'one character repeated'],
    ['sam.patel-is-my-name', 'name or email'],
    ['xx SamPatel rocks 42', 'name or email'],
  ])('refuses %j', (password, problem) => {
    expect(check(password)).toContain(problem);
  });

  it('counts characters, not UTF-16 units, and never accepts more than 128', () => {
    expect(check('🔑'.repeat(11))).toContain('at least 12');
    for (const length of [129, 200, 1000]) expect(check('x7'.repeat(length).slice(0, length))).toContain('128 characters or fewer');
  });
});
