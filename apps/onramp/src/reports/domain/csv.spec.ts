import { BOM, csvField, csvRecord, neutraliseFormula, toCsv } from './csv';
import { parseCsv } from './testing/csv.reader';

describe('CSV writer', () => {
  describe('RFC 4180 framing', () => {
    it('starts with a UTF-8 byte order mark and ends every record with CRLF', () => {
      const csv = toCsv(['a', 'b'], [['1', '2']]);
      expect(csv.startsWith(BOM)).toBe(true);
      expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(csv.slice(1)).toBe('a,b\r\n1,2\r\n');
    });

    it('leaves plain fields unquoted', () => {
      expect(csvRecord(['RH8', 'Royal Devon', 'acute'])).toBe('RH8,Royal Devon,acute');
    });

    it.each([
      ['a comma', 'Smith, Jones', '"Smith, Jones"'],
      ['a double quote', 'the "best" trust', '"the ""best"" trust"'],
      ['a line feed', 'line one\nline two', '"line one\nline two"'],
      ['a carriage return inside', 'a\rb', '"a\rb"'],
      ['CRLF', 'a\r\nb', '"a\r\nb"'],
    ])('quotes a field containing %s and doubles inner quotes', (_, cell, expected) => {
      expect(csvField(cell)).toBe(expected);
    });

    it('writes empty fields for null and undefined, numbers and booleans as themselves', () => {
      expect(csvRecord([null, undefined, 0, -3, 2.5, true, false, Number.NaN])).toBe(',,0,-3,2.5,true,false,');
    });

    it('refuses a row whose length differs from the header, rather than shifting columns', () => {
      expect(() => toCsv(['a', 'b'], [['only one']])).toThrow(/row 1 has 1 cells but the header has 2/);
    });

    it('keeps non-ASCII text intact as UTF-8', () => {
      const csv = toCsv(['name'], [['Ysbyty Gwynedd – Bangor ✓ ñ 中文']]);
      expect(parseCsv(Buffer.from(csv, 'utf8').toString('utf8'))).toEqual([['name'], ['Ysbyty Gwynedd – Bangor ✓ ñ 中文']]);
    });
  });

  describe('formula injection', () => {
    it.each([
      ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
      ['=1+2', "'=1+2"],
      ['+44 20 7946 0000', "'+44 20 7946 0000"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
      ['\t=cmd', "'\t=cmd"],
      ['\r=cmd', `"'\r=cmd"`],
      ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ])('neutralises the hostile cell %j', (cell, expected) => {
      expect(csvField(cell)).toBe(expected);
    });

    it('leaves harmless text alone, including formula characters that are not first', () => {
      for (const text of ['a=b', 'RH8-01', 'name@nhs.net', "'quoted", ' =spaced', '']) expect(neutraliseFormula(text)).toBe(text);
    });

    it('does not touch numbers: a negative number is data', () => {
      expect(csvField(-12)).toBe('-12');
    });

    it('reads back, through a strict RFC 4180 reader, as inert text with every other character intact', () => {
      const hostile = ['=HYPERLINK("http://evil","click")', '+1', '-1', '@x', '\tTAB', '\rCR', 'a,"b"\r\nc'];
      const parsed = parseCsv(
        toCsv(
          ['cell'],
          hostile.map((h) => [h]),
        ),
      );
      expect(parsed.slice(1).map((r) => r[0])).toEqual(['\'=HYPERLINK("http://evil","click")', "'+1", "'-1", "'@x", "'\tTAB", "'\rCR", 'a,"b"\r\nc']);
    });
  });
});

describe('the strict CSV reader used by the tests', () => {
  it('rejects what a conforming writer never produces', () => {
    expect(() => parseCsv('a,b\nc,d\r\n')).toThrow(/CRLF/);
    expect(() => parseCsv('a"b\r\n')).toThrow(/quote inside/);
    expect(() => parseCsv('"a"b\r\n')).toThrow(/after a closing quote/);
    expect(() => parseCsv('"abc\r\n')).toThrow(/unterminated/);
  });

  it('reads empty trailing fields', () => {
    expect(parseCsv('a,\r\n,\r\n')).toEqual([
      ['a', ''],
      ['', ''],
    ]);
  });
});
