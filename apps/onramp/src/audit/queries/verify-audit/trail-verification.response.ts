import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'TrailVerification', description: 'The result of verifying one organisation’s audit trail.' })
export class TrailVerificationResponse {
  @ApiProperty({ description: 'The chain: the organisation’s ODS code', example: 'RH8' })
  chain!: string;

  @ApiProperty({ description: 'The chain, its seals, its checkpoint and the replay all verify, and nothing is unexplained' })
  valid!: boolean;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Entries that fit the chain' })
  checked!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Sequence number of the first entry that does not fit, or null' })
  firstBrokenAt!: number | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'What is wrong with the chain, or null' })
  reason!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Seq of the signed checkpoint it was checked against; null when there is none' })
  anchoredAt!: number | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'When that checkpoint was signed; null when there is none' })
  checkpointAt!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Entries newer than that checkpoint: protected by their seals only, not against deletion' })
  unanchored!: number;

  @ApiProperty({ description: 'Whether each entry’s seal (MAC) was checked' })
  entriesAuthenticated!: boolean;

  @ApiProperty({ type: [String], description: 'Stored state the trail does not explain: a run, token, person or organisation changed outside Onramp' })
  unexplained!: string[];
}
