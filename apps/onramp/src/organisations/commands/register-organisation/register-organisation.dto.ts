import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { ORGANISATION_TYPES, type OrganisationType } from '../../domain/ods-code';

export class RegisterOrganisationDto {
  @ApiProperty({ example: 'RH8', description: 'ODS code: 1 to 9 letters or digits; stored upper case' })
  @IsString()
  @Matches(/^\s*[A-Za-z0-9]{1,9}\s*$/, { message: 'odsCode must be 1 to 9 letters or digits (for example RH8 or NV701)' })
  odsCode!: string;

  @ApiProperty({ example: 'Royal Devon University Healthcare NHS Foundation Trust' })
  @IsString()
  @Length(2, 200)
  @Matches(/^[^\x00-\x1f\x7f]*$/, { message: 'name must not contain control characters' })
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  @IsIn(ORGANISATION_TYPES)
  type!: OrganisationType;
}
