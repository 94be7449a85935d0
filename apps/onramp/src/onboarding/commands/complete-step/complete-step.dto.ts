import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Matches, ValidateNested } from 'class-validator';
import { MultiLineText, SingleLineText } from '../../../shared/http/text.validators';
import { VersionedDto } from '../versioned.dto';
import { Optional } from '../../../shared/http/optional';

export class EvidenceReferenceDto {
  @ApiProperty({ example: 'appointment-record', description: 'An evidence key the step requires (see evidenceRequired)' })
  @IsString()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'key must be an evidence key of the step, such as appointment-record' })
  key!: string;

  @ApiProperty({
    example: 'https://intranet.example.nhs.uk/ers/board-minute-2026-10.pdf',
    description: 'Where the evidence is: a link or a document reference',
  })
  @SingleLineText(3, 500)
  reference!: string;
}

export class CompleteStepDto extends VersionedDto {
  @ApiPropertyOptional({ type: [EvidenceReferenceDto], default: [], description: 'One reference per evidence requirement of the step' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EvidenceReferenceDto)
  evidence: EvidenceReferenceDto[] = [];

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @MultiLineText(1, 2000)
  note?: string;
}
