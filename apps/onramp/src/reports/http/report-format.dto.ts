import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { ReportFormat } from './report-reply';
import { Optional } from '../../shared/http/optional';

const message = (formats: readonly string[]) => ({ message: `format must be one of: ${formats.join(', ')}` });

const READINESS_FORMATS = ['json', 'html', 'md', 'csv'] as const satisfies readonly ReportFormat[];
const NATIONAL_FORMATS = ['json', 'html', 'csv'] as const satisfies readonly ReportFormat[];

/** `?format=` of the readiness report. */
export class ReadinessReportQueryDto {
  @ApiPropertyOptional({
    enum: READINESS_FORMATS,
    default: 'json',
    description: 'json (the report model), html (printable page with charts), md (Markdown), csv (one row per step)',
  })
  @Optional()
  @IsIn(READINESS_FORMATS, message(READINESS_FORMATS))
  format?: (typeof READINESS_FORMATS)[number];
}

/** `?format=` of the portfolio and compliance reports. */
export class NationalReportQueryDto {
  @ApiPropertyOptional({
    enum: NATIONAL_FORMATS,
    default: 'json',
    description: 'json (the report model), html (printable page), csv (one row per organisation)',
  })
  @Optional()
  @IsIn(NATIONAL_FORMATS, message(NATIONAL_FORMATS))
  format?: (typeof NATIONAL_FORMATS)[number];
}
