import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { RAG, ReportOrganisationResponse } from '../../http/report-organisation.response';

@ApiSchema({ name: 'Guideline', description: 'A best-practice guideline (or plugin check) the report assesses.' })
export class GuidelineResponse {
  @ApiProperty({ description: 'Core guideline id, or `<pluginId>.<check id>`' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ format: 'uri', description: 'The public guidance it comes from' })
  source!: string;
}

@ApiSchema({ name: 'GuidelineResult', description: 'How one organisation stands against one guideline.' })
export class GuidelineResultResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ enum: ['met', 'not-met', 'unknown'] })
  status!: string;

  @ApiProperty({ description: 'What the status is based on, in words' })
  evidence!: string;

  @ApiProperty({ format: 'uri' })
  source!: string;
}

@ApiSchema({ name: 'ComplianceRow', description: 'One organisation in the compliance report.' })
export class ComplianceRowResponse {
  @ApiProperty({ type: ReportOrganisationResponse })
  organisation!: ReportOrganisationResponse;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, nullable: true, description: 'Readiness score; null without a run' })
  score!: number | null;

  @ApiProperty({ enum: RAG, nullable: true })
  rag!: string | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  goLiveDate!: string | null;

  @ApiProperty({ type: [GuidelineResultResponse] })
  guidelines!: GuidelineResultResponse[];
}

@ApiSchema({ name: 'ComplianceSummary', description: 'Guideline results (cells, not organisations) per status.' })
export class ComplianceSummaryResponse {
  @ApiProperty({ type: 'integer', minimum: 0 })
  organisations!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  met!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  notMet!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  unknown!: number;
}

@ApiSchema({
  name: 'ComplianceReport',
  description: 'Compliance with the e-RS best-practice guidelines (and plugin checks) of every organisation the caller may see.',
})
export class ComplianceReportResponse {
  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ format: 'date' })
  today!: string;

  @ApiProperty({ type: [GuidelineResponse], description: 'Every guideline in any row, core guidelines first' })
  guidelines!: GuidelineResponse[];

  @ApiProperty({ type: ComplianceSummaryResponse })
  summary!: ComplianceSummaryResponse;

  @ApiProperty({ type: [ComplianceRowResponse] })
  organisations!: ComplianceRowResponse[];

  @ApiProperty({ format: 'uri', description: 'The HTML report on this server' })
  reportLink!: string;
}
