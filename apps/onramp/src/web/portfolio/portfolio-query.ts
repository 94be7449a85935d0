import { FORECAST_BANDS, PORTFOLIO_SORTS, type ForecastBand, type PortfolioSort } from '../../readiness';
import { DomainError } from '../../shared/domain/domain-error';
import { ORGANISATION_TYPES, type OrganisationType } from '../../shared/plugin-sdk';

export const PORTFOLIO_RAGS = ['red', 'amber', 'green', 'none'] as const;
export type PortfolioRag = (typeof PORTFOLIO_RAGS)[number];

/** Organisations on one page of the national portfolio. */
export const PORTFOLIO_PAGE_SIZE = 50;
/** Far beyond any portfolio (10,000 organisations is 200 pages), and keeps the offset a small number. */
const MAX_PAGE = 10_000;

/** What the portfolio page's web address asks for, every value checked. */
export interface PortfolioView {
  sort: PortfolioSort;
  rag: PortfolioRag[];
  type: OrganisationType[];
  forecast: ForecastBand[];
  overdue: boolean;
  page: number;
}

const invalid = (field: string, message: string) => new DomainError('REQUEST.INVALID_QUERY', 'invalid', message, { field });

/** Every value of a query parameter: repeated (as a GET form sends checkboxes) or comma-separated (as the API takes them). */
function values(query: Record<string, unknown>, name: string): string[] | null {
  const raw = query[name];
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (!list.every((v): v is string => typeof v === 'string')) return null;
  return [
    ...new Set(
      list
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

function oneOf<T extends string>(query: Record<string, unknown>, name: string, allowed: readonly T[], message: string): T[] {
  const list = values(query, name);
  if (list === null || !list.every((v) => (allowed as readonly string[]).includes(v))) throw invalid(name, message);
  // In the order the page lists them, so equal filters make equal links.
  return allowed.filter((a) => list.includes(a));
}

/**
 * Reads the portfolio page's query string: sort, filters (RAG, organisation type, forecast band,
 * overdue) and page. A value Onramp does not know is refused with a message naming the parameter
 * and what it may be; the value itself is never repeated back. Unknown parameters are ignored,
 * as web pages do.
 */
export function parsePortfolioView(query: unknown): PortfolioView {
  const q = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
  const sorts = values(q, 'sort');
  if (sorts === null || sorts.length > 1 || (sorts.length === 1 && !(PORTFOLIO_SORTS as readonly string[]).includes(sorts[0])))
    throw invalid('sort', `The web address asks to sort the portfolio in a way Onramp does not know: "sort" must be one of ${PORTFOLIO_SORTS.join(', ')}`);
  const rag = oneOf(
    q,
    'rag',
    PORTFOLIO_RAGS,
    `The web address filters by a RAG status Onramp does not know: "rag" must be any of ${PORTFOLIO_RAGS.join(', ')}`,
  );
  const type = oneOf(
    q,
    'type',
    ORGANISATION_TYPES,
    `The web address filters by an organisation type Onramp does not know: "type" must be any of ${ORGANISATION_TYPES.join(', ')}`,
  );
  const forecast = oneOf(
    q,
    'forecast',
    FORECAST_BANDS,
    `The web address filters by a forecast Onramp does not know: "forecast" must be any of ${FORECAST_BANDS.join(', ')}`,
  );
  const overdue = values(q, 'overdue');
  if (overdue === null || overdue.length > 1 || (overdue.length === 1 && !['true', 'false'].includes(overdue[0])))
    throw invalid('overdue', 'The web address has an "overdue" filter Onramp does not understand: it must be true or false');
  const pages = values(q, 'page');
  if (pages === null || pages.length > 1 || (pages.length === 1 && !(/^\d{1,5}$/.test(pages[0]) && Number(pages[0]) >= 1 && Number(pages[0]) <= MAX_PAGE)))
    throw invalid('page', `The web address asks for a page that cannot exist: "page" must be a whole number from 1 to ${MAX_PAGE}`);
  return {
    sort: (sorts[0] as PortfolioSort | undefined) ?? 'rag',
    rag,
    type,
    forecast,
    overdue: overdue[0] === 'true',
    page: pages.length ? Number(pages[0]) : 1,
  };
}

/** Whether any filter is set. */
export function isFiltered(view: PortfolioView): boolean {
  return view.rag.length > 0 || view.type.length > 0 || view.forecast.length > 0 || view.overdue;
}

/**
 * The portfolio's address for this view with some of it changed: built from checked values only,
 * defaults left out, so nothing the visitor typed reaches a link.
 */
export function portfolioHref(view: PortfolioView, change: Partial<PortfolioView> = {}): string {
  const v = { ...view, ...change };
  const params = new URLSearchParams();
  if (v.sort !== 'rag') params.set('sort', v.sort);
  for (const r of v.rag) params.append('rag', r);
  for (const t of v.type) params.append('type', t);
  for (const f of v.forecast) params.append('forecast', f);
  if (v.overdue) params.set('overdue', 'true');
  if (v.page !== 1) params.set('page', String(v.page));
  const qs = params.toString();
  return qs ? `/portfolio?${qs}` : '/portfolio';
}
