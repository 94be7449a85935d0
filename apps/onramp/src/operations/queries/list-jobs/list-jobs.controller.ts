import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { JobListResponse, JobsOverviewResponse } from './jobs.response';
import { Requires } from '../../../shared/http/access.decorators';
import { GetJobsOverview, ListJobs } from './list-jobs.query';
import { ListJobsQueryDto } from './list-jobs.query.dto';

@ApiTags('jobs')
@Controller('api/v1/jobs')
export class ListJobsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('jobs.read')
  @ApiOperation({
    operationId: 'getJobsOverview',
    summary:
      'Background jobs (admin): per queue how many are queued, active, failed (will retry) and dead, and every schedule with its last and next occurrence',
  })
  @ApiOkResponse({ type: JobsOverviewResponse })
  overview() {
    return this.queries.execute(new GetJobsOverview());
  }

  @Get(':queue')
  @Requires('jobs.read')
  @ApiOperation({ operationId: 'listJobs', summary: 'The newest jobs of one queue in one state (admin), with attempts and last error; never their data' })
  @ApiOkResponse({ type: JobListResponse })
  @ApiProblems(400, 404)
  list(@Param('queue') queue: string, @Query() query: ListJobsQueryDto) {
    return this.queries.execute(new ListJobs(queue, query.state ?? 'failed', query.limit ?? 50));
  }
}
