import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { SingleLineText } from '../../../shared/http/text.validators';
import { GLOBAL_ACCESS_ROLES, ORGANISATION_ACCESS_ROLES } from '../../../shared/domain/roles';
import { OptionalOrNull } from '../../../shared/http/optional';

const ISSUABLE = [...ORGANISATION_ACCESS_ROLES, ...GLOBAL_ACCESS_ROLES.filter((r) => r !== 'admin')];

export class CreateTokenDto {
  @ApiPropertyOptional({
    type: 'string',
    example: 'RH8',
    nullable: true,
    description: 'The organisation the token is bound to; omit it (or send null, as GET /tokens shows a global token) only for national-team',
  })
  // null is meant: "bound to no organisation", the value GET /tokens reports for a global token.
  @OptionalOrNull()
  @IsString()
  @Matches(/^\s*[A-Za-z0-9]{1,9}\s*$/, { message: 'organisation must be an ODS code: 1 to 9 letters or digits' })
  organisation?: string | null;

  @ApiProperty({ enum: ISSUABLE })
  @IsIn(ISSUABLE, { message: `role must be one of: ${ISSUABLE.join(', ')}` })
  role!: (typeof ISSUABLE)[number];

  @ApiProperty({ example: 'Priya Shah (implementation lead) laptop' })
  @SingleLineText(2, 100)
  label!: string;
}
