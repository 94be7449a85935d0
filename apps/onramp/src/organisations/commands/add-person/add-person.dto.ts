import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength } from 'class-validator';
import { SingleLineText } from '../../../shared/http/text.validators';
import { ORGANISATION_ACCESS_ROLES, PERSON_ROLES, type OrganisationAccessRole, type PersonRole } from '../../../shared/domain/roles';
import { Optional } from '../../../shared/http/optional';

export class AddPersonDto {
  @ApiProperty({ example: 'Priya Shah' })
  @SingleLineText(2, 200)
  name!: string;

  @ApiProperty({ example: 'priya.shah@nhs.net' })
  @IsString()
  @MaxLength(254)
  @IsEmail({ allow_display_name: false, allow_ip_domain: false, require_tld: true }, { message: 'email must be a plain email address such as name@nhs.net' })
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
