import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'JobQueueCounts', description: 'How many jobs of one queue are in each state.' })
export class JobQueueCountsResponse {
  @ApiProperty({ example: 'mail-delivery' })
  queue!: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Waiting to run, including deferred ones' })
  queued!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  active!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Failed at least once and waiting to be retried' })
  failed!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Used up their retries' })
  dead!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Finished, until retention deletes them' })
  completed!: number;
}

@ApiSchema({ name: 'JobSchedule', description: 'A schedule: it fires once per occurrence across all instances.' })
export class JobScheduleResponse {
  @ApiProperty({ example: 'compliance-report' })
  name!: string;

  @ApiProperty({ example: '0 7 * * 1' })
  cron!: string;

  @ApiProperty({ example: 'Europe/London' })
  timezone!: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'The latest occurrence sent' })
  lastOccurrence!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  nextOccurrence!: string | null;
}

@ApiSchema({ name: 'JobsOverview', description: 'The background job engine: its queues and schedules.' })
export class JobsOverviewResponse {
  @ApiProperty({ enum: ['pg-boss', 'sqlite'], description: 'pg-boss on PostgreSQL, the in-process runner on SQLite' })
  engine!: string;

  @ApiProperty({ type: [JobQueueCountsResponse] })
  queues!: JobQueueCountsResponse[];

  @ApiProperty({ type: [JobScheduleResponse] })
  schedules!: JobScheduleResponse[];
}

@ApiSchema({ name: 'Job', description: 'One job, without its data.' })
export class JobResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  queue!: string;

  @ApiProperty({ enum: ['queued', 'active', 'failed', 'dead', 'completed'] })
  state!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts!: number;

  @ApiProperty({ type: 'integer', minimum: 1 })
  maxAttempts!: number;

  @ApiProperty({ type: 'string', nullable: true, description: 'What makes the job one of a kind, e.g. the occurrence of a schedule' })
  singletonKey!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  startedAt!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', description: 'When a queued or failed job may next run' })
  runAfter!: string;

  @ApiProperty({ type: 'string', nullable: true })
  lastError!: string | null;
}

@ApiSchema({ name: 'JobList' })
export class JobListResponse {
  @ApiProperty({ type: [JobResponse] })
  items!: JobResponse[];
}
