import { Module } from '@nestjs/common';
import { ListJobsController } from './queries/list-jobs/list-jobs.controller';
import { GetJobsOverviewHandler, ListJobsHandler } from './queries/list-jobs/list-jobs.handler';

/** What an administrator needs to run Onramp: the background job queues. */
@Module({
  controllers: [ListJobsController],
  providers: [GetJobsOverviewHandler, ListJobsHandler],
})
export class OperationsModule {}
