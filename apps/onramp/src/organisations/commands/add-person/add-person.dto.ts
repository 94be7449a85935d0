import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength } from 'class-validator';
import { SingleLineText } from '../../../shared/http/text.validators';
import { ORGANISATION_ACCESS_ROLES, PERSON_ROLES, type OrganisationAccessRole, type PersonRole } from '../../../shared/domain/roles';
import { Optional } from '../../../shared/http/optional';
import { PERSON_EMAIL_MAX_LENGTH, PERSON_EMAIL_OPTIONS, PERSON_NAME_LENGTH } from '../../person-fields';

export class AddPersonDto {
  @ApiProperty({ example: 'Priya Shah' })
  @SingleLineText(PERSON_NAME_LENGTH.min, PERSON_NAME_LENGTH.max)
  name!: string;

  @ApiProperty({ example: 'priya.shah@nhs.net' })
  @IsString()
  @MaxLength(PERSON_EMAIL_MAX_LENGTH)
  @IsEmail(PERSON_EMAIL_OPTIONS, { message: 'email must be a plain email address such as name@nhs.net' })
  email!: string;

  @ApiProperty({ enum: PERSON_ROLES })
  @IsIn(PERSON_ROLES)
  role!: PersonRole;

  @ApiPropertyOptional({
    enum: ORGANISATION_ACCESS_ROLES,
    description: 'What the person may do in Onramp here; default: the lead roles act as themselves, every other role as contributor',
  })
  @Optional()
  @IsIn(ORGANISATION_ACCESS_ROLES)
  accessRole?: OrganisationAccessRole;
}
