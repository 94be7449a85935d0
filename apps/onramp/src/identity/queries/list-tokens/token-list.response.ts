import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ACCESS_ROLES } from '../../../shared/domain/roles';

@ApiSchema({ name: 'Token', description: 'An API token as listed: never its secret.' })
export class TokenResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'The organisation it is bound to; null for admin and national-team tokens' })
  organisation!: string | null;

  @ApiProperty({ enum: ACCESS_ROLES })
  role!: string;

  @ApiProperty()
  label!: string;

  @ApiProperty({ description: 'The actor that created it' })
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: "A personal access token's owner; null for an integration's token" })
  userId!: string | null;
}

@ApiSchema({ name: 'TokenList', description: 'Every API token, oldest first.' })
export class TokenListResponse {
  @ApiProperty({ type: [TokenResponse] })
  items!: TokenResponse[];
}
