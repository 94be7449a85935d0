import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ChecklistDiffResponse } from '../../onboarding.response';

@ApiSchema({ name: 'ChecklistUpgradePreview', description: 'What adopting the current catalogue and plugin versions would change; nothing is changed.' })
export class ChecklistUpgradePreviewResponse {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The run’s current version' })
  version!: number;

  @ApiProperty({ description: 'The run already uses the current catalogue and plugin versions: adopting would answer 409' })
  upToDate!: boolean;

  @ApiProperty({ type: ChecklistDiffResponse })
  diff!: ChecklistDiffResponse;
}
