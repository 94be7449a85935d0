/**
 * CSV as RFC 4180 writes it (https://www.rfc-editor.org/rfc/rfc4180): CRLF between records, a field
 * quoted when it holds a double quote, comma, CR or LF, inner quotes doubled. The text starts with a
 * UTF-8 byte order mark because Excel otherwise reads the bytes as the local code page and mangles
 * names such as "Ysbyty Gwynedd – Bangor".
 *
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and, in some, TAB or CR) as a
 * formula: an organisation called `=HYPERLINK("http://evil")` would become a live link in the
 * national team's spreadsheet (OWASP "CSV Injection"). Every text cell starting with one of those
 * gets a leading apostrophe, which spreadsheets show as text. Numbers are written as numbers:
 * `-3` days is data, not a formula, and it is never text from a user.
 */

export type CsvCell = string | number | boolean | null | undefined;

export const BOM = '\uFEFF';
export const CRLF = '\r\n';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell as a spreadsheet must see it: inert, whatever a user typed. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field, neutralised (text only) and quoted when RFC 4180 requires it. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  let text: string;
  if (typeof cell === 'number') text = Number.isFinite(cell) ? String(cell) : '';
  else if (typeof cell === 'boolean') text = cell ? 'true' : 'false';
  else text = neutraliseFormula(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, without its line end. */
export function csvRecord(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}

/**
 * A whole file: BOM, header, rows, each record ended by CRLF (RFC 4180 allows the last line end;
 * writing it keeps appending rows trivial). Every row must have as many cells as the header.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== header.length) throw new Error(`CSV row ${i + 1} has ${row.length} cells but the header has ${header.length}`);
  }
  return BOM + [header, ...rows].map((r) => csvRecord(r) + CRLF).join('');
}
