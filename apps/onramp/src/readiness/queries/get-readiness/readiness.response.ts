import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { STEP_STATUSES } from '../../../shared/domain/step-status';
import { AREAS } from '../../../shared/plugin-sdk';

const RAG = ['red', 'amber', 'green'] as const;

@ApiSchema({ name: 'ReadinessRag', description: 'The RAG status and every reason for it, worst first.' })
export class ReadinessRagResponse {
  @ApiProperty({ enum: RAG })
  status!: string;

  @ApiProperty({ type: [String], description: 'Each reason starts with the RAG it causes: `red: …`, `amber: …`; plugin reasons name the plugin' })
  reasons!: string[];
}

@ApiSchema({ name: 'ReadinessArea', description: 'Readiness of one area of the checklist.' })
export class ReadinessAreaResponse {
  @ApiProperty({ enum: AREAS })
  area!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, description: 'Weighted score of the area’s steps (waived steps do not count)' })
  score!: number;

  @ApiProperty({ enum: RAG })
  rag!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  total!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Done or waived' })
  settled!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  overdue!: number;
}

@ApiSchema({ name: 'GateStep', description: 'A go-live gate step that is neither done nor waived.' })
export class GateStepResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ enum: STEP_STATUSES })
  status!: string;

  @ApiProperty({ format: 'date' })
  dueDate!: string;

  @ApiProperty()
  overdue!: boolean;
}

@ApiSchema({ name: 'ReadinessGate', description: 'The go/no-go gate: go when every gate step is done or waived.' })
export class ReadinessGateResponse {
  @ApiProperty()
  go!: boolean;

  @ApiProperty({ type: [GateStepResponse] })
  missing!: GateStepResponse[];
}

@ApiSchema({ name: 'Blocker', description: 'A step that holds up others: neither done nor waived, with steps waiting on it.' })
export class BlockerResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ enum: STEP_STATUSES })
  status!: string;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty({ type: [String], description: 'The steps that wait on it' })
  blocking!: string[];
}

@ApiSchema({ name: 'ForecastPlan', description: 'Progress against the due dates.' })
export class ForecastPlanResponse {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Steps due before today' })
  dueBeforeToday!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Of those, how many are neither done nor waived' })
  behind!: number;
}

@ApiSchema({ name: 'Forecast', description: 'When the run will be complete, from its recent pace, against the go-live date.' })
export class ForecastResponse {
  @ApiProperty({
    enum: ['velocity', 'plan', 'complete', 'stalled'],
    description:
      'velocity: from the recent completion rate; plan: too little history, compared with the due dates; complete: nothing remains; stalled: nothing settled recently',
  })
  basis!: string;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'Forecast completion date; null when it cannot be forecast' })
  completionDate!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'The days the pace is measured over' })
  windowDays!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  settledInWindow!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  remaining!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Days the forecast completion falls after go-live (negative: before)' })
  daysAfterGoLive!: number | null;

  @ApiProperty({ type: ForecastPlanResponse })
  plan!: ForecastPlanResponse;

  @ApiProperty({ description: 'The forecast in words' })
  note!: string;
}

@ApiSchema({ name: 'StepCounts', description: 'Steps of the run per status, in total, and overdue.' })
export class StepCountsResponse {
  @ApiProperty({ name: 'not-started', type: 'integer', minimum: 0 })
  notStarted!: number;

  @ApiProperty({ name: 'in-progress', type: 'integer', minimum: 0 })
  inProgress!: number;

  @ApiProperty({ name: 'awaiting-sign-off', type: 'integer', minimum: 0 })
  awaitingSignOff!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  done!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  waived!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  total!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  overdue!: number;
}

@ApiSchema({ name: 'Readiness', description: 'Readiness of an organisation’s onboarding run, as of today.' })
export class ReadinessResponse {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The run version it was computed from' })
  version!: number;

  @ApiProperty({ description: 'ODS code', example: 'RH8' })
  organisation!: string;

  @ApiProperty({ format: 'date-time', description: 'When it was computed' })
  asOf!: string;

  @ApiProperty({ format: 'date' })
  goLiveDate!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, description: 'Weighted score over all steps (waived steps do not count)' })
  score!: number;

  @ApiProperty({ type: ReadinessRagResponse })
  rag!: ReadinessRagResponse;

  @ApiProperty({ type: [ReadinessAreaResponse] })
  areas!: ReadinessAreaResponse[];

  @ApiProperty({ type: ReadinessGateResponse })
  gate!: ReadinessGateResponse;

  @ApiProperty({ type: [BlockerResponse] })
  blockers!: BlockerResponse[];

  @ApiProperty({ type: ForecastResponse })
  forecast!: ForecastResponse;

  @ApiProperty({ type: StepCountsResponse })
  counts!: StepCountsResponse;
}
