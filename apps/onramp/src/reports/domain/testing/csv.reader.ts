/**
 * A strict RFC 4180 reader for tests: it reads back what a spreadsheet would see, and fails on
 * anything a conforming writer never produces (a bare quote inside an unquoted field, a lone CR or
 * LF as a line end, text after a closing quote), so a sloppy writer cannot pass by accident.
 */
export function parseCsv(text: string): string[][] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`invalid CSV at offset ${i}: ${why}`);
  };
  while (i < body.length) {
    let field = '';
    if (body[i] === '"') {
      i++;
      for (;;) {
        if (i >= body.length) fail('unterminated quoted field');
        if (body[i] === '"') {
          if (body[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += body[i++];
      }
    } else {
      while (i < body.length && body[i] !== ',' && body[i] !== '\r' && body[i] !== '\n') {
        if (body[i] === '"') fail('quote inside an unquoted field');
        field += body[i++];
      }
    }
    record.push(field);
    if (body[i] === ',') {
      i++;
      if (i === body.length) record.push('');
      continue;
    }
    if (i === body.length) break;
    if (body[i] === '\r' && body[i + 1] === '\n') {
      i += 2;
      records.push(record);
      record = [];
      continue;
    }
    fail(body[i] === '\r' || body[i] === '\n' ? 'line ends must be CRLF' : 'text after a closing quote');
  }
  if (record.length) records.push(record);
  return records;
}

/** Records as objects keyed by the header row. */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((row, n) => {
    if (row.length !== header.length) throw new Error(`CSV record ${n + 2} has ${row.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((h, k) => [h, row[k]]));
  });
}
