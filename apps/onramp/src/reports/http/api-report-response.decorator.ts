import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { ReportFormat } from './report-reply';

const MEDIA: Record<ReportFormat, { type: string; description: string }> = {
  json: { type: 'application/json', description: 'the report model' },
  html: { type: 'text/html', description: 'a printable page (inline SVG charts, no script)' },
  md: { type: 'text/markdown', description: 'Markdown, downloaded' },
  csv: { type: 'text/csv', description: 'CSV with a header row, downloaded' },
};

/** A report's 200 answer: the JSON model, or the rendered text, as `?format=` asks. */
export function ApiReportResponse(model: Type<unknown>, formats: readonly ReportFormat[]) {
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description: `The report, as \`?format=\` asks: ${formats.map((f) => `${f}: ${MEDIA[f].description}`).join('; ')}.`,
      headers: {
        'Content-Disposition': { description: '`inline` for json and html, `attachment` for md and csv, with a file name', schema: { type: 'string' } },
      },
      content: Object.fromEntries(
        formats.map((f) => [MEDIA[f].type, { schema: f === 'json' ? { $ref: getSchemaPath(model) } : { type: 'string', description: MEDIA[f].description } }]),
      ),
    }),
  );
}
