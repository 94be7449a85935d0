import { Query } from '@nestjs/cqrs';
import type { JobState, JobSummary, QueueCounts, ScheduleStatus } from '../../../platform/jobs/job-runner';

export interface JobsOverview {
  engine: 'pg-boss' | 'sqlite';
  queues: QueueCounts[];
  schedules: ScheduleStatus[];
}

/** Every queue's counts and every schedule. */
export class GetJobsOverview extends Query<JobsOverview> {}

/** The newest jobs of one queue in one state, with attempts and last error (never their payloads). */
export class ListJobs extends Query<{ items: JobSummary[] }> {
  constructor(
    readonly queue: string,
    readonly state: JobState,
    readonly limit: number,
  ) {
    super();
  }
}
