import type { FastifyReply } from 'fastify';

export const REPORT_FORMATS = ['html', 'md', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The formats of an organisation's readiness report, and of the national (portfolio and compliance) reports. */
export const READINESS_FORMATS = ['json', 'html', 'md', 'csv'] as const satisfies readonly ReportFormat[];
export const NATIONAL_FORMATS = ['json', 'html', 'csv'] as const satisfies readonly ReportFormat[];
export type ReadinessFormat = (typeof READINESS_FORMATS)[number];
export type NationalFormat = (typeof NATIONAL_FORMATS)[number];

const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * The report page may show its own inline styles and data: images, and nothing else: no script,
 * no external fetch, no form, no framing. The charts are inline SVG, which needs no source.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** `onramp-readiness-RH8-2026-11-22.csv`: letters, digits, dot and hyphen only, whatever the parts contain. */
export function reportFileName(parts: (string | null | undefined)[], format: ReportFormat): string {
  const safe = parts
    .filter((p): p is string => typeof p === 'string' && p.length > 0)
    .map((p) => p.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^[.-]+|[.-]+$/g, ''))
    .filter(Boolean)
    .join('-');
  return `${safe || 'onramp-report'}.${format}`;
}

/**
 * Sets the headers of a report answer: content type, `Content-Disposition` (by default HTML and
 * JSON shown in the browser, Markdown and CSV downloaded; a page's download link asks for
 * `attachment` whatever the format), no caching of what is organisation data, and for HTML a
 * Content-Security-Policy that allows nothing the page does not need.
 */
export function reportHeaders(
  reply: FastifyReply,
  format: ReportFormat,
  fileName: string,
  disposition: 'inline' | 'attachment' = defaultDisposition(format),
): void {
  void reply
    .header('Content-Type', CONTENT_TYPES[format])
    .header('Content-Disposition', `${disposition}; filename="${fileName}"`)
    .header('Cache-Control', 'private, no-store')
    .header('X-Content-Type-Options', 'nosniff');
  if (format === 'html') {
    void reply.header('Content-Security-Policy', REPORT_CSP).header('Referrer-Policy', 'no-referrer');
  }
}

function defaultDisposition(format: ReportFormat): 'inline' | 'attachment' {
  return format === 'html' || format === 'json' ? 'inline' : 'attachment';
}
