import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { EvidenceReferenceResponse, PluginPinResponse } from '../../../onboarding';
import { BlockerResponse, ReadinessGateResponse, ReadinessRagResponse } from '../../../readiness';
import { STEP_STATUSES } from '../../../shared/domain/step-status';
import { AREAS, PERSON_ROLES } from '../../../shared/plugin-sdk';
import { RAG, ReportOrganisationResponse } from '../../http/report-organisation.response';

@ApiSchema({ name: 'ReportArea', description: 'Readiness of one area, with its label for people.' })
export class ReportAreaResponse {
  @ApiProperty({ enum: AREAS })
  area!: string;

  @ApiProperty({ example: 'Directory of Services' })
  label!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  score!: number;

  @ApiProperty({ enum: RAG })
  rag!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  total!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  settled!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  overdue!: number;
}

@ApiSchema({ name: 'ReportForecast', description: 'The forecast completion against the go-live date.' })
export class ReportForecastResponse {
  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  completionDate!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Days the forecast completion falls after go-live (negative: before)' })
  daysAfterGoLive!: number | null;

  @ApiProperty()
  note!: string;
}

@ApiSchema({ name: 'ReportCounts', description: 'Steps per status, in total, and overdue.' })
export class ReportCountsResponse {
  @ApiProperty({ type: 'integer', minimum: 0 })
  total!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  overdue!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  done!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  waived!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  awaitingSignOff!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  inProgress!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  notStarted!: number;
}

@ApiSchema({ name: 'ReportStep', description: 'A step as the readiness report shows it: people by name, not by id.' })
export class ReportStepResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ enum: AREAS })
  area!: string;

  @ApiProperty({ enum: STEP_STATUSES })
  status!: string;

  @ApiProperty({ example: 'Awaiting sign-off' })
  statusLabel!: string;

  @ApiProperty({ format: 'date' })
  dueDate!: string;

  @ApiProperty()
  overdue!: boolean;

  @ApiProperty()
  gate!: boolean;

  @ApiProperty({ type: 'string', nullable: true, description: 'The assignee’s name' })
  assignee!: string | null;

  @ApiProperty({ description: 'Why the step is in the run' })
  addedBy!: string;

  @ApiProperty({ enum: PERSON_ROLES })
  ownerRole!: string;

  @ApiProperty({ type: 'string', nullable: true, description: '"label (role)" of whoever completed it' })
  completedBy!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: '"label (role)" of whoever signed it off' })
  signedOffBy!: string | null;

  @ApiProperty({ type: 'string', format: 'date-time', nullable: true })
  signedOffAt!: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  waiverReason!: string | null;

  @ApiProperty({ type: [EvidenceReferenceResponse] })
  evidence!: EvidenceReferenceResponse[];
}

@ApiSchema({ name: 'ProgressPoint', description: 'Steps settled (done or waived) by a day, cumulative.' })
export class ProgressPointResponse {
  @ApiProperty({ format: 'date' })
  date!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  settled!: number;
}

@ApiSchema({ name: 'ReportCharts', description: 'SVG markup drawn by Onramp’s own chart code.' })
export class ReportChartsResponse {
  @ApiProperty({ description: 'Progress per area, as SVG' })
  areas!: string;

  @ApiProperty({ description: 'Completion over time against go-live, as SVG' })
  progress!: string;
}

@ApiSchema({ name: 'ReadinessReport', description: 'The readiness report of one organisation (the model its HTML, Markdown and CSV are rendered from).' })
export class ReadinessReportResponse {
  @ApiProperty({ type: ReportOrganisationResponse })
  organisation!: ReportOrganisationResponse;

  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ format: 'date' })
  today!: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  runVersion!: number;

  @ApiProperty()
  catalogueVersion!: string;

  @ApiProperty({ type: [PluginPinResponse] })
  plugins!: PluginPinResponse[];

  @ApiProperty({ format: 'date' })
  goLiveDate!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  score!: number;

  @ApiProperty({ type: ReadinessRagResponse })
  rag!: ReadinessRagResponse;

  @ApiProperty({ type: ReadinessGateResponse })
  gate!: ReadinessGateResponse;

  @ApiProperty({ type: [ReportAreaResponse] })
  areas!: ReportAreaResponse[];

  @ApiProperty({ type: [BlockerResponse] })
  blockers!: BlockerResponse[];

  @ApiProperty({ type: ReportForecastResponse })
  forecast!: ReportForecastResponse;

  @ApiProperty({ type: ReportCountsResponse })
  counts!: ReportCountsResponse;

  @ApiProperty({ type: [ReportStepResponse] })
  steps!: ReportStepResponse[];

  @ApiProperty({ type: [ProgressPointResponse] })
  progress!: ProgressPointResponse[];

  @ApiProperty({ type: ReportChartsResponse })
  charts!: ReportChartsResponse;
}
