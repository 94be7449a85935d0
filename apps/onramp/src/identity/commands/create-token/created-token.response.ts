import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ACCESS_ROLES } from '../../../shared/domain/roles';

@ApiSchema({
  name: 'CreatedToken',
  description: 'A new API token. `token` is shown this once: only its hash is kept, and a replayed request cannot show it again.',
})
export class CreatedTokenResponse {
  @ApiProperty({ format: 'uuid', description: 'The token’s id, to list or revoke it' })
  id!: string;

  @ApiProperty({ description: 'The secret to send as `Authorization: Bearer <token>`' })
  token!: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'The organisation it is bound to; null for admin and national-team tokens', example: 'RH8' })
  organisation!: string | null;

  @ApiProperty({ enum: ACCESS_ROLES })
  role!: string;

  @ApiProperty({ example: 'Priya Shah (implementation lead) laptop' })
  label!: string;
}
