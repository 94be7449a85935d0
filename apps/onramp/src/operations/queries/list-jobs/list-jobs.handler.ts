import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JOB_RUNNER, type JobRunner } from '../../../platform/jobs/job-runner';
import { DomainError } from '../../../shared/domain/domain-error';
import { GetJobsOverview, ListJobs } from './list-jobs.query';

@QueryHandler(GetJobsOverview)
export class GetJobsOverviewHandler implements IQueryHandler<GetJobsOverview> {
  constructor(@Inject(JOB_RUNNER) private readonly jobs: JobRunner) {}

  async execute() {
    return { engine: this.jobs.kind, queues: await this.jobs.overview(), schedules: await this.jobs.schedules() };
  }
}

@QueryHandler(ListJobs)
export class ListJobsHandler implements IQueryHandler<ListJobs> {
  constructor(@Inject(JOB_RUNNER) private readonly jobs: JobRunner) {}

  async execute(q: ListJobs) {
    const known = (await this.jobs.overview()).map((c) => c.queue);
    if (!known.includes(q.queue))
      throw new DomainError('JOBS.QUEUE_NOT_FOUND', 'not-found', `no job queue "${q.queue}"; queues: ${known.join(', ')}`, { field: 'queue' });
    return { items: await this.jobs.list(q.queue, q.state, q.limit) };
  }
}
