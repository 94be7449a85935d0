/**
 * Charts for readiness reports as self-contained SVG strings: no script, no external reference, no
 * fonts to fetch, so they print, work in an email and pass a `default-src 'none'` policy. Every
 * text node and attribute value that comes from data is escaped here, which is what lets a
 * template embed the markup as it is. Each chart has a fixed viewBox (it scales to its container),
 * `role="img"` and a `<title>`/`<desc>` pair that says in words what the picture shows.
 *
 * Colours are the NHS identity palette: blue #005eb8, green #007f3b, warm yellow #ffb81c,
 * red #d5281b, dark grey #425563, pale grey #e8edee.
 */

export const CHART_COLOURS = {
  blue: '#005eb8',
  green: '#007f3b',
  amber: '#ffb81c',
  red: '#d5281b',
  text: '#212b32',
  muted: '#425563',
  track: '#e8edee',
  grid: '#d8dde0',
} as const;

const RAG_COLOUR: Record<string, string> = { green: CHART_COLOURS.green, amber: CHART_COLOURS.amber, red: CHART_COLOURS.red };

/** Escapes text for an XML text node or a double- or single-quoted attribute. */
export function escapeXml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const n = (v: number) => String(Math.round(v * 10) / 10);
const clampPercent = (v: number) => (Number.isFinite(v) ? Math.min(100, Math.max(0, Math.round(v))) : 0);

const FONT = `font-family="Frutiger W01, Arial, Helvetica, sans-serif"`;

function frame(args: { id: string; width: number; height: number; title: string; desc: string; body: string[] }): string {
  const titleId = `${args.id}-title`;
  const descId = `${args.id}-desc`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${args.width} ${args.height}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="${escapeXml(titleId)} ${escapeXml(descId)}" ${FONT} font-size="13">`,
    `<title id="${escapeXml(titleId)}">${escapeXml(args.title)}</title>`,
    `<desc id="${escapeXml(descId)}">${escapeXml(args.desc)}</desc>`,
    ...args.body,
    '</svg>',
  ].join('\n');
}

/** One bar of {@link areaProgressChart}. */
export interface AreaBar {
  /** What the bar is called, e.g. "Directory of Services". */
  label: string;
  /** 0 to 100. */
  score: number;
  /** Colours the bar; blue when absent. */
  rag?: string | null;
  /** Shown beside the percentage as "settled of total" when both are given. */
  settled?: number;
  total?: number;
}

/**
 * Horizontal bars, one per checklist area, each with its percentage. The bar colour follows the
 * area's RAG; the words say the same thing, so colour is never the only carrier of meaning.
 */
export function areaProgressChart(areas: readonly AreaBar[], options: { id?: string; title?: string } = {}): string {
  const id = options.id ?? 'onramp-area-chart';
  const title = options.title ?? 'Readiness by area';
  // Sized to stay legible when a report shows it at half a page's width.
  const width = 560;
  const rowHeight = 28;
  const top = 10;
  const labelWidth = 170;
  const barX = labelWidth + 10;
  const barWidth = 240;
  const height = top * 2 + Math.max(1, areas.length) * rowHeight;
  const body: string[] = [];
  if (areas.length === 0) {
    body.push(`<text x="${width / 2}" y="${top + rowHeight / 2 + 5}" text-anchor="middle" fill="${CHART_COLOURS.muted}">No checklist areas to show</text>`);
  }
  areas.forEach((a, i) => {
    const percent = clampPercent(a.score);
    const y = top + i * rowHeight;
    const colour = (a.rag && RAG_COLOUR[a.rag]) || CHART_COLOURS.blue;
    const counts = a.settled !== undefined && a.total !== undefined ? ` · ${a.settled}/${a.total}` : '';
    const rag = a.rag && RAG_COLOUR[a.rag] ? ` · ${a.rag}` : '';
    body.push(
      `<g>`,
      `<text x="${labelWidth}" y="${n(y + rowHeight / 2 + 5)}" text-anchor="end" fill="${CHART_COLOURS.text}">${escapeXml(a.label)}</text>`,
      `<rect x="${barX}" y="${n(y + 6)}" width="${barWidth}" height="${rowHeight - 12}" rx="2" fill="${CHART_COLOURS.track}"/>`,
      `<rect x="${barX}" y="${n(y + 6)}" width="${n((barWidth * percent) / 100)}" height="${rowHeight - 12}" rx="2" fill="${escapeXml(colour)}"/>`,
      `<text x="${barX + barWidth + 10}" y="${n(y + rowHeight / 2 + 5)}" fill="${CHART_COLOURS.text}">${escapeXml(`${percent}%${counts}${rag}`)}</text>`,
      `</g>`,
    );
  });
  const desc = areas.length
    ? areas
        .map(
          (a) =>
            `${a.label}: ${clampPercent(a.score)}%${a.settled !== undefined && a.total !== undefined ? `, ${a.settled} of ${a.total} steps settled` : ''}${a.rag ? ` (${a.rag})` : ''}`,
        )
        .join('; ')
    : 'No checklist areas.';
  return frame({ id, width, height, title, desc, body });
}

const dayNumber = (isoDate: string) => Math.round(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / 86_400_000);

/** Where everything of {@link completionChart} is drawn, in its viewBox units: what the readiness report's SVG and the web page's chart are both drawn from. */
export interface CompletionChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number; width: number; height: number };
  /** Horizontal gridlines with their counts. */
  yTicks: { value: number; y: number }[];
  /** The first and last days of the time axis. */
  start: { date: string; x: number };
  end: { date: string; x: number };
  target: { value: number; y: number };
  goLive: { date: string; x: number; nearRight: boolean };
  /** The cumulative line as polyline points ("x,y x,y …"), drawn as steps; null with no points. */
  line: string | null;
  last: { date: string; settled: number; x: number; y: number } | null;
  /** What the chart shows, in words. */
  desc: string;
}

/**
 * The geometry of the completion chart (see {@link completionChart} for what it shows); coordinates
 * are rounded to a tenth, as the SVG writes them.
 */
export function completionChartGeometry(
  progress: readonly { date: string; settled: number }[],
  goLiveDate: string,
  startDate: string,
  total: number,
): CompletionChartGeometry {
  const width = 560;
  const height = 300;
  const left = 52;
  const right = 24;
  const top = 36;
  const bottom = 48;
  const plotW = width - left - right;
  const plotH = height - top - bottom;

  const points = [...progress].filter((p) => Number.isFinite(dayNumber(p.date))).sort((a, b) => dayNumber(a.date) - dayNumber(b.date));
  const target = Math.max(0, Math.round(Number.isFinite(total) ? total : 0));
  const yMax = Math.max(1, target, ...points.map((p) => p.settled));
  const days = [dayNumber(startDate), dayNumber(goLiveDate), ...points.map((p) => dayNumber(p.date))].filter(Number.isFinite);
  const x0 = Math.min(...days);
  const x1 = Math.max(x0 + 1, ...days);
  const x = (isoDate: string) => left + ((dayNumber(isoDate) - x0) / (x1 - x0)) * plotW;
  const y = (count: number) => top + plotH - (Math.max(0, count) / yMax) * plotH;
  const fromDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
  const r = (v: number) => Math.round(v * 10) / 10;

  let line: string | null = null;
  if (points.length) {
    const coords: string[] = [];
    let previous: number | null = null;
    for (const p of points) {
      const px = n(x(p.date));
      if (previous !== null) coords.push(`${px},${n(y(previous))}`);
      coords.push(`${px},${n(y(p.settled))}`);
      previous = p.settled;
    }
    line = coords.join(' ');
  }
  const lastPoint = points.at(-1);
  const gx = x(goLiveDate);
  return {
    width,
    height,
    plot: { left, top, right: left + plotW, bottom: top + plotH, width: plotW, height: plotH },
    yTicks: [...new Set([0, Math.round(yMax / 2), yMax])].map((value) => ({ value, y: r(y(value)) })),
    start: { date: fromDay(x0), x: left },
    end: { date: fromDay(x1), x: left + plotW },
    target: { value: target, y: r(y(target)) },
    goLive: { date: goLiveDate, x: r(gx), nearRight: gx > left + plotW * 0.75 },
    line,
    last: lastPoint ? { date: lastPoint.date, settled: lastPoint.settled, x: r(x(lastPoint.date)), y: r(y(lastPoint.settled)) } : null,
    desc: `${lastPoint ? `${lastPoint.settled} of ${target} steps settled by ${lastPoint.date}` : `none of ${target} steps settled yet`}; run started ${startDate}; go-live ${goLiveDate}.`,
  };
}

/**
 * Steps settled (done or waived) over time as a cumulative line, from the start of the run to
 * go-live (or the last point, if later), with a dashed horizontal line at the target total and a
 * vertical marker on the go-live date.
 *
 * @param progress cumulative settled counts by day, oldest first (later points win on equal days)
 * @param goLiveDate YYYY-MM-DD
 * @param startDate YYYY-MM-DD, the start of the run
 * @param total the number of steps in the checklist
 */
export function completionChart(
  progress: readonly { date: string; settled: number }[],
  goLiveDate: string,
  startDate: string,
  total: number,
  options: { id?: string; title?: string } = {},
): string {
  const id = options.id ?? 'onramp-completion-chart';
  const title = options.title ?? 'Steps settled over time';
  const g = completionChartGeometry(progress, goLiveDate, startDate, total);
  const { left, top, width: plotW, height: plotH } = g.plot;
  const { width, height } = g;
  const bottom = height - top - plotH;

  const body: string[] = [];
  // Axes and a few gridlines.
  for (const t of g.yTicks) {
    body.push(`<line x1="${left}" x2="${left + plotW}" y1="${n(t.y)}" y2="${n(t.y)}" stroke="${CHART_COLOURS.grid}" stroke-width="1"/>`);
    body.push(`<text x="${left - 8}" y="${n(t.y + 5)}" text-anchor="end" fill="${CHART_COLOURS.muted}">${escapeXml(t.value)}</text>`);
  }
  body.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="${CHART_COLOURS.muted}" stroke-width="1"/>`);
  body.push(`<line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" stroke="${CHART_COLOURS.muted}" stroke-width="1"/>`);
  body.push(`<text x="${left}" y="${height - bottom + 22}" text-anchor="start" fill="${CHART_COLOURS.muted}">${escapeXml(g.start.date)}</text>`);
  body.push(`<text x="${left + plotW}" y="${height - bottom + 22}" text-anchor="end" fill="${CHART_COLOURS.muted}">${escapeXml(g.end.date)}</text>`);
  body.push(`<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle" fill="${CHART_COLOURS.muted}">Date</text>`);
  body.push(
    `<text x="14" y="${top + plotH / 2}" text-anchor="middle" fill="${CHART_COLOURS.muted}" transform="rotate(-90 14 ${top + plotH / 2})">Steps settled</text>`,
  );

  // Target total.
  body.push(
    `<line x1="${left}" x2="${left + plotW}" y1="${n(g.target.y)}" y2="${n(g.target.y)}" stroke="${CHART_COLOURS.green}" stroke-width="2" stroke-dasharray="6 4"/>`,
  );
  body.push(`<text x="${left + 6}" y="${n(g.target.y - 6)}" fill="${CHART_COLOURS.green}">${escapeXml(`Target: ${g.target.value} steps`)}</text>`);

  // Go-live marker.
  const gx = g.goLive.x;
  body.push(`<line x1="${n(gx)}" x2="${n(gx)}" y1="${top - 8}" y2="${top + plotH}" stroke="${CHART_COLOURS.red}" stroke-width="2" stroke-dasharray="4 3"/>`);
  body.push(
    `<text x="${n(g.goLive.nearRight ? gx - 6 : gx + 6)}" y="${top - 12}" text-anchor="${g.goLive.nearRight ? 'end' : 'start'}" fill="${CHART_COLOURS.red}">${escapeXml(`Go-live ${goLiveDate}`)}</text>`,
  );

  // The cumulative line, drawn as steps: a count holds until the day it changes.
  if (g.line !== null && g.last !== null) {
    body.push(`<polyline points="${g.line}" fill="none" stroke="${CHART_COLOURS.blue}" stroke-width="3" stroke-linejoin="round"/>`);
    body.push(`<circle cx="${n(g.last.x)}" cy="${n(g.last.y)}" r="4" fill="${CHART_COLOURS.blue}"/>`);
  } else {
    body.push(`<text x="${left + plotW / 2}" y="${top + plotH / 2}" text-anchor="middle" fill="${CHART_COLOURS.muted}">No step has been settled yet</text>`);
  }

  return frame({ id, width, height, title, desc: g.desc, body });
}
