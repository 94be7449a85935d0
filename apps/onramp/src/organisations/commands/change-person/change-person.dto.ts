import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ORGANISATION_ACCESS_ROLES, type OrganisationAccessRole } from '../../../shared/domain/roles';
import { Optional } from '../../../shared/http/optional';
import { SingleLineText } from '../../../shared/http/text.validators';
import { PERSON_NAME_LENGTH } from '../../person-fields';

/** The email is not here on purpose: a different email is a different person (remove this one and add them). */
export class ChangePersonDto {
  @ApiPropertyOptional({ example: 'Priya Shah', description: 'The name as the organisation knows them; also their account name' })
  @Optional()
  @SingleLineText(PERSON_NAME_LENGTH.min, PERSON_NAME_LENGTH.max)
  name?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_ACCESS_ROLES, description: 'What the person may do in Onramp here, from their next request' })
  @Optional()
  @IsIn(ORGANISATION_ACCESS_ROLES)
  accessRole?: OrganisationAccessRole;
}
