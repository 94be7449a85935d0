import { findIllFormedText } from './well-formed-text';

describe('findIllFormedText', () => {
  it.each([
    ['a flat field', { name: 'Priya', email: 'p\ud800@nhs.net' }, 'email'],
    [
      'an array item inside an object',
      {
        evidence: [
          { key: 'a', reference: 'ok' },
          { key: 'b', reference: '\udc00' },
        ],
      },
      'evidence[1].reference',
    ],
    ['a key', { ['ke\udbffy']: 'x' }, 'ke\udbffy'],
    ['a nested key', { a: { ['\ud800']: 1 } }, 'a.\ud800'],
    ['the body itself', '\ud800', '(body)'],
    ['a pair in the wrong order', { note: '\udc00\ud800' }, 'note'],
  ])('names %s', (_what, value, path) => {
    expect(findIllFormedText(value, '(body)')).toBe(path);
  });

  it('accepts well-formed text, astral characters (real surrogate pairs) included', () => {
    expect(findIllFormedText({ name: 'Zoë 😀 \u{1F3E5}', list: ['a', 'b', 1, null, true], nested: { deep: ['ü'] } }, '(body)')).toBeNull();
  });

  it('walks 5000 levels of nesting without overflowing the stack', () => {
    let deep: unknown = '\ud800';
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(findIllFormedText({ deep }, '(body)')).toBe(`deep${'[0]'.repeat(5000)}`);
  });

  it('checks query strings too', () => {
    expect(findIllFormedText({ format: 'html', limit: '1\ud800' }, '(query)')).toBe('limit');
  });
});
