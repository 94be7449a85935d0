import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { SingleLineText } from '../../../shared/http/text.validators';
import { ORGANISATION_TYPES, type OrganisationType } from '../../domain/ods-code';

export class RegisterOrganisationDto {
  @ApiProperty({ example: 'RH8', description: 'ODS code: 1 to 9 letters or digits; stored upper case' })
  @IsString()
  @Matches(/^\s*[A-Za-z0-9]{1,9}\s*$/, { message: 'odsCode must be 1 to 9 letters or digits (for example RH8 or NV701)' })
  odsCode!: string;

  @ApiProperty({ example: 'Royal Devon University Healthcare NHS Foundation Trust' })
  @SingleLineText(2, 200)
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  @IsIn(ORGANISATION_TYPES)
  type!: OrganisationType;
}
