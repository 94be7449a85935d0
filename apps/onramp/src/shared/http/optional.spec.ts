import 'reflect-metadata';
import { IsString, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { Optional, OptionalOrNull } from './optional';

class NoteDto {
  @Optional()
  @IsString()
  note?: string;
}

const problems = (plain: object) => validateSync(plainToInstance(NoteDto, plain)).map((e) => e.property);

describe('Optional()', () => {
  it('lets a field be left out', () => {
    expect(problems({})).toEqual([]);
  });

  it('validates a field that is present', () => {
    expect(problems({ note: 'fine' })).toEqual([]);
    expect(problems({ note: 42 })).toEqual(['note']);
  });

  it('validates null like any other value, unlike IsOptional()', () => {
    expect(problems({ note: null })).toEqual(['note']);
  });
});

class OrganisationDto {
  @OptionalOrNull()
  @IsString()
  organisation?: string | null;
}

describe('OptionalOrNull()', () => {
  const problemsOf = (plain: object) => validateSync(plainToInstance(OrganisationDto, plain)).map((e) => e.property);
  it('lets a field be left out or be null, and validates anything else', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ organisation: null })).toEqual([]);
    expect(problemsOf({ organisation: 'RH8' })).toEqual([]);
    expect(problemsOf({ organisation: 8 })).toEqual(['organisation']);
  });
});
