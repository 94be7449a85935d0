import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Health', description: 'Whether the server is up and can reach its database.' })
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'], description: 'degraded: the server answers but its database does not' })
  status!: string;

  @ApiProperty({ enum: ['ok', 'unreachable'] })
  database!: string;

  @ApiProperty({ description: 'The catalogue version new runs start from' })
  catalogueVersion!: string;
}
