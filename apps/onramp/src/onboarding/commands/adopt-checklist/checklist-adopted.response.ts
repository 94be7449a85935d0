import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ChecklistDiffResponse } from '../../onboarding.response';

@ApiSchema({ name: 'ChecklistAdopted', description: 'The run now uses the current catalogue and plugin versions; the diff says what changed.' })
export class ChecklistAdoptedResponse {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The run’s new version (also the ETag)' })
  version!: number;

  @ApiProperty({ enum: [true] })
  applied!: boolean;

  @ApiProperty({ type: ChecklistDiffResponse })
  diff!: ChecklistDiffResponse;
}
