/**
 * What a new password must be (NCSC and NIST SP 800-63B: length and a deny list, no composition
 * rules): at least `minLength` characters, at most 128, not one of the ~49,000 most common
 * passwords (the list bundled with @zxcvbn-ts/language-common), nor one with digits or symbols
 * added at its ends, nor the person's own email or name. Returns the problem in words, or null.
 */
export function passwordProblem(password: string, args: { minLength: number; email: string; name: string; common: ReadonlySet<string> }): string | null {
  const length = [...password].length;
  if (length < args.minLength) return `Enter a password that is at least ${args.minLength} characters long`;
  if (length > 128) return 'Enter a password that is 128 characters or fewer';
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (args.common.has(lower) || (core.length >= 4 && args.common.has(core)))
    return 'This password is too common and easy to guess: choose a longer, less predictable one (for example three random words)';
  if (/^(.)\1+$/u.test(password)) return 'Enter a password that is not one character repeated';
  const local = args.email.toLowerCase().split('@')[0];
  const nameWords = args.name
    .toLowerCase()
    .replace(/^dr\s+/, '')
    .split(/\s+/)
    .join('');
  if ((local.length >= 4 && lower.includes(local)) || (nameWords.length >= 4 && lower.replace(/\s+/g, '').includes(nameWords)))
    return 'Enter a password that does not contain your name or email address';
  return null;
}
