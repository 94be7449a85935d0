import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { VersionedDto } from '../versioned.dto';

export class EvidenceReferenceDto {
  @ApiProperty({ example: 'appointment-record', description: 'An evidence key the step requires (see evidenceRequired)' })
  @IsString()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'key must be an evidence key of the step, such as appointment-record' })
  key!: string;

  @ApiProperty({ example: 'https://intranet.example.nhs.uk/ers/board-minute-2026-10.pdf', description: 'Where the evidence is: a link or a document reference' })
  @IsString()
  @Length(3, 500)
  @Matches(/^[^\x00-\x1f\x7f]*$/, { message: 'reference must not contain control characters' })
  reference!: string;
}

export class CompleteStepDto extends VersionedDto {
  @ApiProperty({ type: [EvidenceReferenceDto], description: 'One reference per evidence requirement of the step' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EvidenceReferenceDto)
  evidence: EvidenceReferenceDto[] = [];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}
