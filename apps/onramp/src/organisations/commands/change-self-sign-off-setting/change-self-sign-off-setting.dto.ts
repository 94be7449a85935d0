import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class ChangeSelfSignOffSettingDto {
  @ApiProperty({
    description:
      'true: a person may sign off a step they completed themselves (the sign-off records that it was a self sign-off); false (the default): someone else must sign it off',
  })
  @IsBoolean()
  allowed!: boolean;
}
