import fc from 'fast-check';
import { DomainError } from '../../shared/domain/domain-error';
import { parsePortfolioView, portfolioHref, type PortfolioView } from './portfolio-query';

function refusal(query: unknown): DomainError {
  try {
    parsePortfolioView(query);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the query to be refused');
}

const DEFAULT: PortfolioView = { sort: 'rag', rag: [], type: [], forecast: [], overdue: false, page: 1 };

describe('the portfolio page query', () => {
  it('reads no parameters as the whole portfolio, worst first, page 1', () => {
    expect(parsePortfolioView({})).toEqual(DEFAULT);
    expect(parsePortfolioView(undefined)).toEqual(DEFAULT);
  });

  it('reads repeated values (a GET form) and comma-separated ones (the API) alike, in the page’s order, once each', () => {
    expect(
      parsePortfolioView({ rag: ['green', 'red'], type: 'mental-health,acute', forecast: ['behind', 'behind'], overdue: 'true', sort: 'name', page: '3' }),
    ).toEqual({
      sort: 'name',
      rag: ['red', 'green'],
      type: ['acute', 'mental-health'],
      forecast: ['behind'],
      overdue: true,
      page: 3,
    });
  });

  it('ignores parameters it does not know, as web pages do', () => {
    expect(parsePortfolioView({ utm_source: 'email', rag: '' })).toEqual(DEFAULT);
  });

  it.each([
    [{ sort: 'worst' }, 'sort'],
    [{ sort: ['name', 'rag'] }, 'sort'],
    [{ rag: 'purple' }, 'rag'],
    [{ rag: ['red', 'RED'] }, 'rag'],
    [{ type: 'hospital' }, 'type'],
    [{ forecast: 'late' }, 'forecast'],
    [{ overdue: 'yes' }, 'overdue'],
    [{ page: '0' }, 'page'],
    [{ page: '-1' }, 'page'],
    [{ page: '1.5' }, 'page'],
    [{ page: '10001' }, 'page'],
    [{ page: ['1', '2'] }, 'page'],
    [{ sort: { nested: 'x' } }, 'sort'],
  ])('refuses %j with a 400 naming %s and what it may be, without repeating the value', (query, field) => {
    const e = refusal(query);
    expect({ code: e.code, kind: e.kind, field: e.details.field }).toEqual({ code: 'REQUEST.INVALID_QUERY', kind: 'invalid', field });
    expect(e.message).toContain(`"${field}"`);
    const refused = Object.values(query)
      .flat()
      .filter((v): v is string => typeof v === 'string' && v.length > 2 && !['name', 'rag', 'red'].includes(v));
    for (const v of refused) expect(e.message).not.toContain(v);
  });

  it('builds links from checked values only, leaving defaults out', () => {
    expect(portfolioHref(DEFAULT)).toBe('/portfolio');
    const view = parsePortfolioView({ rag: 'red,none', type: 'acute', overdue: 'true', sort: 'overdue', page: '2' });
    expect(portfolioHref(view)).toBe('/portfolio?sort=overdue&rag=red&rag=none&type=acute&overdue=true&page=2');
    expect(portfolioHref(view, { sort: 'name', page: 1 })).toBe('/portfolio?sort=name&rag=red&rag=none&type=acute&overdue=true');
  });

  it('reads back every link it builds as the same view (lists in the page’s order)', () => {
    const view = fc.record({
      sort: fc.constantFrom('rag', 'slack', 'name', 'go-live', 'overdue'),
      rag: fc.uniqueArray(fc.constantFrom('red', 'amber', 'green', 'none')),
      type: fc.uniqueArray(fc.constantFrom('acute', 'mental-health', 'independent-sector', 'community', 'other')),
      forecast: fc.uniqueArray(fc.constantFrom('behind', 'at-risk', 'on-track', 'no-forecast')),
      overdue: fc.boolean(),
      page: fc.integer({ min: 1, max: 10_000 }),
    }) as fc.Arbitrary<PortfolioView>;
    fc.assert(
      fc.property(view, (v) => {
        const params = new URLSearchParams(portfolioHref(v).split('?')[1] ?? '');
        const query: Record<string, string[]> = {};
        for (const [k, value] of params) (query[k] ??= []).push(value);
        const back = parsePortfolioView(query);
        const asSets = (x: PortfolioView) => ({ ...x, rag: new Set(x.rag), type: new Set(x.type), forecast: new Set(x.forecast) });
        expect(asSets(back)).toEqual(asSets(v));
      }),
    );
  });
});
