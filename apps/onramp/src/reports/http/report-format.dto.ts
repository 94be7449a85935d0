import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { ORGANISATION_TYPES } from '../../shared/plugin-sdk';
import { AMBER_SLACK_DAYS, FORECAST_BANDS, PORTFOLIO_SORTS } from '../../readiness';
import { NATIONAL_FORMATS, READINESS_FORMATS } from './report-reply';
import { Optional } from '../../shared/http/optional';

const message = (formats: readonly string[]) => ({ message: `format must be one of: ${formats.join(', ')}` });

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

const RAGS = ['red', 'amber', 'green', 'none'] as const;
const commaList = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value,
);

/** `?format=`, sorting, filters and paging of the portfolio. */
export class PortfolioQueryDto extends NationalReportQueryDto {
  @ApiPropertyOptional({
    enum: PORTFOLIO_SORTS,
    default: 'rag',
    description:
      'rag: worst first (red, amber, green, no run), least forecast slack first within each; slack; name; go-live; overdue: most overdue steps first',
  })
  @Optional()
  @IsIn(PORTFOLIO_SORTS, { message: `sort must be one of: ${PORTFOLIO_SORTS.join(', ')}` })
  sort?: (typeof PORTFOLIO_SORTS)[number];

  @ApiPropertyOptional({ description: `Comma-separated: ${RAGS.join(', ')} (none: no onboarding run yet)`, example: 'red,amber' })
  @Optional()
  @commaList
  @IsIn(RAGS, { each: true, message: `rag must be a comma-separated list of: ${RAGS.join(', ')}` })
  rag?: (typeof RAGS)[number][];

  @ApiPropertyOptional({ description: `Comma-separated organisation types: ${ORGANISATION_TYPES.join(', ')}`, example: 'acute,mental-health' })
  @Optional()
  @commaList
  @IsIn(ORGANISATION_TYPES, { each: true, message: `type must be a comma-separated list of: ${ORGANISATION_TYPES.join(', ')}` })
  type?: (typeof ORGANISATION_TYPES)[number][];

  @ApiPropertyOptional({ description: 'true: only organisations with an overdue step' })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({
    description: `Comma-separated forecast bands: behind (forecast finish after go-live), at-risk (less than ${AMBER_SLACK_DAYS} days before it, work left), on-track, no-forecast (run too young or stalled for one)`,
    example: 'behind,at-risk',
  })
  @Optional()
  @commaList
  @IsIn(FORECAST_BANDS, { each: true, message: `forecast must be a comma-separated list of: ${FORECAST_BANDS.join(', ')}` })
  forecast?: (typeof FORECAST_BANDS)[number][];

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, description: 'Page size; without it every organisation is listed' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
