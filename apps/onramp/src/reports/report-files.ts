import { Inject, Injectable } from '@nestjs/common';
import { TEMPLATE_ENGINE, type TemplateEngine } from '../platform/rendering/template-engine';
import type { ComplianceReportModel, PortfolioReportModel, ReadinessReportModel } from '../platform/rendering/template-models';
import { complianceCsv, portfolioCsv, readinessCsv } from './building/report-csv';
import { reportFileName, type NationalFormat, type ReadinessFormat, type ReportFormat } from './http/report-reply';

/** A report in one format, as it is sent: its bytes and the name to save them under. */
export interface ReportFile {
  format: ReportFormat;
  fileName: string;
  body: string;
}

/**
 * A report model as a file of the format asked for: the JSON model, CSV, or HTML and Markdown from
 * the report templates. The API and the pages' download links both send what this gives, so a
 * download from a page holds the same bytes as the API's answer for the same report.
 */
@Injectable()
export class ReportFiles {
  constructor(@Inject(TEMPLATE_ENGINE) private readonly templates: TemplateEngine) {}

  readiness(model: ReadinessReportModel, format: ReadinessFormat): ReportFile {
    return {
      format,
      fileName: reportFileName(['onramp-readiness', model.organisation.odsCode, model.today], format),
      body: format === 'json' ? JSON.stringify(model) : format === 'csv' ? readinessCsv(model) : this.templates.renderReport('readiness', format, model),
    };
  }

  /** `scope`: the organisation the caller is bound to (its code is in the file name), or null for every organisation. */
  portfolio(model: PortfolioReportModel, format: NationalFormat, scope: string | null): ReportFile {
    return {
      format,
      fileName: reportFileName(['onramp-portfolio', scope, model.today], format),
      body: format === 'json' ? JSON.stringify(model) : format === 'csv' ? portfolioCsv(model) : this.templates.renderReport('portfolio', format, model),
    };
  }

  compliance(model: ComplianceReportModel, format: NationalFormat, scope: string | null): ReportFile {
    return {
      format,
      fileName: reportFileName(['onramp-compliance', scope, model.today], format),
      body: format === 'json' ? JSON.stringify(model) : format === 'csv' ? complianceCsv(model) : this.templates.renderReport('compliance', format, model),
    };
  }
}
