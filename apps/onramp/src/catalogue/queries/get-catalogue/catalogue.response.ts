import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { StepDefinitionResponse } from '../../step-definition.response';

@ApiSchema({ name: 'Catalogue', description: 'The core checklist as loaded by this server.' })
export class CatalogueResponse {
  @ApiProperty({ description: 'The catalogue version a run pins when it starts', example: '2026.11' })
  version!: string;

  @ApiProperty({ description: 'SHA-256 of the catalogue content, hex', pattern: '^[0-9a-f]{64}$' })
  digest!: string;

  @ApiProperty({ type: [StepDefinitionResponse] })
  steps!: StepDefinitionResponse[];
}
