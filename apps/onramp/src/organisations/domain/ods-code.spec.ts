import { DomainError } from '../../shared/domain/domain-error';
import { isOdsCode, normaliseOdsCode, parseOdsCode } from './ods-code';

describe('ODS codes', () => {
  it.each([
    ['RH8', 'RH8'],
    ['rh802', 'RH802'],
    [' rh802 ', 'RH802'],
    ['NV701', 'NV701'],
    ['ABCDE1234', 'ABCDE1234'],
  ])('accepts %j as %s', (raw, expected) => {
    expect(isOdsCode(raw)).toBe(true);
    expect(parseOdsCode(raw)).toBe(expected);
  });

  it('normalises case and surrounding space', () => {
    expect(normaliseOdsCode('  nv701\n')).toBe('NV701');
  });

  it.each([[''], ['   '], ['ABCDE12345'], ['RH-8'], ['RH 8'], ['RH8é']])('refuses %j', (raw) => {
    expect(isOdsCode(raw)).toBe(false);
    expect(() => parseOdsCode(raw)).toThrow(DomainError);
  });

  it.each([[123], [null], [undefined], [{ code: 'RH8' }], [['RH8']]])('refuses the non-string %j', (raw) => {
    expect(() => parseOdsCode(raw)).toThrow(expect.objectContaining({ code: 'ORGANISATION.INVALID_ODS_CODE', kind: 'invalid' }));
  });

  it('names the field in the error', () => {
    expect(() => parseOdsCode('RH-8', 'parentOdsCode')).toThrow(
      expect.objectContaining({
        code: 'ORGANISATION.INVALID_ODS_CODE',
        details: { field: 'parentOdsCode' },
        message: expect.stringMatching(/^parentOdsCode must be 1 to 9 letters or digits/),
      }),
    );
  });
});
