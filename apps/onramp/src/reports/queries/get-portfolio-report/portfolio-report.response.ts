import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { RAG, ReportOrganisationResponse } from '../../http/report-organisation.response';

@ApiSchema({ name: 'PortfolioRow', description: 'One organisation in the portfolio; the readiness fields are null until its run starts.' })
export class PortfolioRowResponse {
  @ApiProperty({ type: ReportOrganisationResponse })
  organisation!: ReportOrganisationResponse;

  @ApiProperty({ description: 'Whether an onboarding run has started' })
  hasRun!: boolean;

  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  goLiveDate!: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, nullable: true })
  score!: number | null;

  @ApiProperty({ enum: RAG, nullable: true })
  rag!: string | null;

  @ApiProperty({ type: 'boolean', nullable: true, description: 'Go/no-go gate' })
  gateGo!: boolean | null;

  @ApiProperty({ type: 'integer', minimum: 0, nullable: true, description: 'Gate steps neither done nor waived' })
  gateMissing!: number | null;

  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'Forecast completion date' })
  forecastDate!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  daysAfterGoLive!: number | null;

  @ApiProperty({ type: 'integer', minimum: 0, nullable: true, description: 'Overdue steps' })
  overdue!: number | null;

  @ApiProperty({ type: 'integer', minimum: 0, nullable: true, description: 'Overdue gate steps' })
  overdueGate!: number | null;
}

@ApiSchema({ name: 'PortfolioSummary', description: 'Organisations per RAG, without a run, and at go.' })
export class PortfolioSummaryResponse {
  @ApiProperty({ type: 'integer', minimum: 0 })
  organisations!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  red!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  amber!: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  green!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Without an onboarding run' })
  notStarted!: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Whose go/no-go gate is go' })
  gateGo!: number;
}

@ApiSchema({ name: 'PortfolioReport', description: 'Readiness of every organisation the caller may see.' })
export class PortfolioReportResponse {
  @ApiProperty({ format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ format: 'date' })
  today!: string;

  @ApiProperty({ type: PortfolioSummaryResponse })
  summary!: PortfolioSummaryResponse;

  @ApiProperty({ type: [PortfolioRowResponse], description: 'The organisations of this page (all of them without limit), in the order asked for' })
  organisations!: PortfolioRowResponse[];

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Every organisation that matches the filters, on all pages; the summary counts this page' })
  total!: number;
}
