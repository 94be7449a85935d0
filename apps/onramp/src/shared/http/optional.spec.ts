import 'reflect-metadata';
import { IsString, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { Optional } from './optional';

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
