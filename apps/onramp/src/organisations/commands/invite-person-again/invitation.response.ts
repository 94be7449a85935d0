import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Invitation', description: 'A welcome email queued again for a person, with a new link: never the link itself.' })
export class InvitationResponse {
  @ApiProperty({ format: 'uuid' })
  personId!: string;

  @ApiProperty({ example: 'priya.shah@nhs.net', description: 'Where the welcome goes' })
  email!: string;

  @ApiProperty({ format: 'date-time' })
  invitedAt!: string;
}
