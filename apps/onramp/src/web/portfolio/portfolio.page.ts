import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AMBER_SLACK_DAYS, GetPortfolio, type PortfolioCounts, type PortfolioEntry, type PortfolioSort } from '../../readiness';
import { Requires } from '../../shared/http/access.decorators';
import { ORGANISATION_TYPES } from '../../shared/plugin-sdk';
import { plural, typeLabel } from '../../platform/rendering/template-helpers';
import { nationalPrincipal } from '../national-access';
import { PageRenderer } from '../page-renderer';
import { isFiltered, parsePortfolioView, PORTFOLIO_PAGE_SIZE, portfolioHref, type PortfolioView } from './portfolio-query';

/** The sortable columns, in the table's order, with how each sorts (aria-sort) in words. */
const COLUMNS: { sort: PortfolioSort | null; label: string; order: 'ascending' | 'descending' | null; sortedText: string | null; numeric: boolean }[] = [
  { sort: 'name', label: 'Organisation', order: 'ascending', sortedText: 'by name, A to Z', numeric: false },
  { sort: null, label: 'Type', order: null, sortedText: null, numeric: false },
  { sort: 'rag', label: 'RAG status', order: 'descending', sortedText: 'by RAG status, worst first (red, amber, green, not started)', numeric: false },
  { sort: null, label: 'Readiness', order: null, sortedText: null, numeric: true },
  { sort: 'go-live', label: 'Go-live date', order: 'ascending', sortedText: 'by go-live date, soonest first', numeric: false },
  { sort: 'slack', label: 'Forecast', order: 'ascending', sortedText: 'by forecast slack, least time to spare first', numeric: false },
  { sort: 'overdue', label: 'Overdue steps', order: 'descending', sortedText: 'by overdue steps, most first', numeric: true },
];

const RAG_OPTIONS = [
  { value: 'red', label: 'Red' },
  { value: 'amber', label: 'Amber' },
  { value: 'green', label: 'Green' },
  { value: 'none', label: 'Not started (no onboarding run)' },
] as const;

const FORECAST_OPTIONS = [
  { value: 'behind', label: 'Behind', hint: 'Forecast to finish after the go-live date' },
  { value: 'at-risk', label: 'At risk', hint: `Forecast to finish less than ${AMBER_SLACK_DAYS} days before go-live` },
  { value: 'on-track', label: 'On track', hint: `Forecast to finish ${AMBER_SLACK_DAYS} days or more before go-live, or finished` },
  { value: 'no-forecast', label: 'No forecast yet', hint: 'Onboarding started recently, or nothing was completed lately' },
] as const;

const TAG_COLOURS = { red: 'red', amber: 'orange', green: 'green' } as const;

/**
 * The national portfolio: every organisation's readiness from the readiness read model, sorted,
 * filtered and paged by the database (GetPortfolio, as the API's portfolio report). Sorting is by
 * links in the column headings and filtering by a GET form, so both work without JavaScript and
 * every view has an address to share. For the national team and administrators only.
 */
@ApiExcludeController()
@Controller('portfolio')
export class PortfolioPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Requires('read')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query() query: unknown) {
    nationalPrincipal(request);
    const view = parsePortfolioView(query);
    const { total, items, counts } = await this.queries.execute(
      new GetPortfolio('all', {
        sort: view.sort,
        filter: { rag: view.rag, type: view.type, forecast: view.forecast, overdue: view.overdue },
        limit: PORTFOLIO_PAGE_SIZE,
        offset: (view.page - 1) * PORTFOLIO_PAGE_SIZE,
        withCounts: true,
      }),
    );
    const pages = Math.max(1, Math.ceil(total / PORTFOLIO_PAGE_SIZE));
    const first = total === 0 ? 0 : Math.min(total, (view.page - 1) * PORTFOLIO_PAGE_SIZE + 1);
    const sorted = COLUMNS.find((c) => c.sort === view.sort)!;
    this.pages.send(
      request,
      reply,
      'portfolio',
      {
        total,
        filtered: isFiltered(view),
        summary: summaryOf(counts!),
        shown: { first, last: first === 0 ? 0 : first + items.length - 1 },
        page: { number: view.page, of: pages, firstHref: portfolioHref(view, { page: 1 }) },
        caption: `Organisations, sorted ${sorted.sortedText}`,
        columns: COLUMNS.map((c) => ({
          label: c.label,
          numeric: c.numeric,
          href: c.sort ? portfolioHref(view, { sort: c.sort, page: 1 }) : null,
          ariaSort: c.sort === null ? null : c.sort === view.sort ? c.order : 'none',
          current: c.sort === view.sort,
          sortHint: c.sortedText,
        })),
        rows: items.map(rowOf),
        filters: {
          sort: view.sort === 'rag' ? null : view.sort,
          rag: RAG_OPTIONS.map((o) => ({ ...o, checked: view.rag.includes(o.value) })),
          type: ORGANISATION_TYPES.map((t) => ({ value: t, label: typeLabel(t), checked: view.type.includes(t) })),
          forecast: FORECAST_OPTIONS.map((o) => ({ ...o, checked: view.forecast.includes(o.value) })),
          overdue: [{ value: 'true', label: 'Only organisations with overdue steps', checked: view.overdue }],
          clearHref: portfolioHref(view, { rag: [], type: [], forecast: [], overdue: false, page: 1 }),
        },
        pagination: paginationOf(view, pages),
      },
      { title: view.page > 1 ? `National portfolio (page ${view.page} of ${pages})` : 'National portfolio' },
    );
  }
}

function rowOf(e: PortfolioEntry) {
  return {
    name: e.name,
    odsCode: e.odsCode,
    href: `/organisations/${encodeURIComponent(e.odsCode)}`,
    type: e.type,
    hasRun: e.hasRun,
    rag: e.rag,
    tagColour: e.rag ? TAG_COLOURS[e.rag] : 'grey',
    score: e.score,
    goLiveDate: e.goLiveDate,
    forecastDate: e.forecastCompletion,
    // goLiveDelta's sign: positive is after go-live.
    daysAfterGoLive: e.forecastSlackDays === null ? null : -e.forecastSlackDays,
    overdue: e.overdue,
    overdueGate: e.overdueGate,
  };
}

function summaryOf(counts: PortfolioCounts) {
  const n = (count: number) => plural(count, 'organisation', 'organisations');
  return [
    { key: 'Red', value: n(counts.red) },
    { key: 'Amber', value: n(counts.amber) },
    { key: 'Green', value: n(counts.green) },
    { key: 'Not started', value: n(counts.notStarted) },
  ];
}

function paginationOf(view: PortfolioView, pages: number) {
  const previous = view.page > 1 ? Math.min(view.page - 1, pages) : null;
  const next = view.page < pages ? view.page + 1 : null;
  return {
    any: previous !== null || next !== null,
    previous: previous ? { href: portfolioHref(view, { page: previous }), label: `Page ${previous} of ${pages}` } : null,
    next: next ? { href: portfolioHref(view, { page: next }), label: `Page ${next} of ${pages}` } : null,
  };
}
