import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * A one-line text field (names, labels, references): trimmed before its length is checked, so a
 * value of spaces is refused, and free of control characters (no NUL, no CR/LF for header injection).
 */
export function SingleLineText(min: number, max: number) {
  return applyDecorators(
    trim,
    IsString(),
    Length(min, max),
    Matches(/^[^\x00-\x1f\x7f]*$/, { message: '$property must be one line without control characters' }),
  );
}

/** Free text that may span lines (notes, reasons): newlines and tabs allowed, other control characters not. */
export function MultiLineText(min: number, max: number) {
  return applyDecorators(
    trim,
    IsString(),
    Length(min, max),
    Matches(/^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/, { message: '$property must not contain control characters' }),
  );
}
