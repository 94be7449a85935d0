import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../../../identity';
import { GetJobsOverview, ListJobs } from './list-jobs.query';
import { ListJobsQueryDto } from './list-jobs.query.dto';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/v1/jobs')
export class ListJobsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Requires('jobs.read')
  @ApiOperation({
    summary:
      'Background jobs (admin): per queue how many are queued, active, failed (will retry) and dead, and every schedule with its last and next occurrence',
  })
  overview() {
    return this.queries.execute(new GetJobsOverview());
  }

  @Get(':queue')
  @Requires('jobs.read')
  @ApiOperation({ summary: 'The newest jobs of one queue in one state (admin), with attempts and last error; never their data' })
  list(@Param('queue') queue: string, @Query() query: ListJobsQueryDto) {
    return this.queries.execute(new ListJobs(queue, query.state ?? 'failed', query.limit ?? 50));
  }
}
