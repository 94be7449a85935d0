import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'RevokedToken', description: 'A revoked token: it stopped working at `revokedAt`.' })
export class RevokedTokenResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time', description: 'When it was first revoked (revoking again changes nothing)' })
  revokedAt!: string;
}
