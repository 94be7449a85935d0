import { areaProgressChart, completionChart, escapeXml } from './charts';

/**
 * A small well-formedness check for the SVG we generate: tags balance, attribute values are
 * quoted, and no text or attribute holds a raw `<` or an `&` that is not an entity. Enough to
 * prove that hostile text cannot open an element or end an attribute.
 */
function expectWellFormed(svg: string) {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < svg.length) {
    if (svg[i] === '<') {
      tag.lastIndex = i;
      const m = tag.exec(svg);
      if (!m) throw new Error(`malformed tag at ${i}: ${svg.slice(i, i + 60)}`);
      const [, closing, name, attributes, selfClosing] = m;
      for (const value of attributes.matchAll(/="([^"]*)"/g)) expect(value[1]).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
      if (closing) expect(stack.pop()).toBe(name);
      else if (!selfClosing) stack.push(name);
      i = tag.lastIndex;
    } else {
      const end = svg.indexOf('<', i);
      const text = svg.slice(i, end === -1 ? undefined : end);
      expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)|>/);
      i = end === -1 ? svg.length : end;
    }
  }
  expect(stack).toEqual([]);
}

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
const viewBox = (svg: string) => /viewBox="([^"]+)"/.exec(svg)?.[1];

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('areaProgressChart', () => {
  const areas = [
    { label: 'Leadership', score: 100, rag: 'green', settled: 4, total: 4 },
    { label: 'Directory of Services', score: 37.6, rag: 'amber', settled: 2, total: 7 },
    { label: 'Governance', score: 0, rag: 'red', settled: 0, total: 6 },
  ];

  it('draws one labelled bar per area with its percentage, sized in proportion', () => {
    const svg = areaProgressChart(areas);
    expectWellFormed(svg);
    expect(texts(svg)).toEqual(['Leadership', '100% · 4/4 · green', 'Directory of Services', '38% · 2/7 · amber', 'Governance', '0% · 0/6 · red']);
    const widths = [...svg.matchAll(/<rect x="180" y="[\d.]+" width="([\d.]+)" height="16" rx="2" fill="(#[0-9a-f]{6})"\/>/g)].map((m) => [Number(m[1]), m[2]]);
    // Track then bar, per area: the bar is the score's share of the 240-unit track.
    expect(widths).toEqual([
      [240, '#e8edee'],
      [240, '#007f3b'],
      [240, '#e8edee'],
      [91.2, '#ffb81c'],
      [240, '#e8edee'],
      [0, '#d5281b'],
    ]);
  });

  it('is an accessible image with a title and a description in words', () => {
    const svg = areaProgressChart(areas);
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 560 104"[^>]* role="img" aria-labelledby="onramp-area-chart-title onramp-area-chart-desc"/,
    );
    expect(svg).toContain('<title id="onramp-area-chart-title">Readiness by area</title>');
    expect(svg).toContain(
      '<desc id="onramp-area-chart-desc">Leadership: 100%, 4 of 4 steps settled (green); Directory of Services: 38%, 2 of 7 steps settled (amber); Governance: 0%, 0 of 6 steps settled (red)</desc>',
    );
  });

  it('escapes hostile labels so they cannot become markup', () => {
    const svg = areaProgressChart([{ label: '<script>alert(1)</script> & "x"', score: 50, rag: '"><script>' }]);
    expectWellFormed(svg);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    // An unknown RAG value is not used as a colour.
    expect(svg).toContain('fill="#005eb8"');
  });

  it('clamps scores outside 0 to 100 and copes with no areas', () => {
    expect(
      texts(
        areaProgressChart([
          { label: 'A', score: 140 },
          { label: 'B', score: -5 },
          { label: 'C', score: Number.NaN },
        ]),
      ),
    ).toEqual(['A', '100%', 'B', '0%', 'C', '0%']);
    const empty = areaProgressChart([]);
    expectWellFormed(empty);
    expect(texts(empty)).toEqual(['No checklist areas to show']);
  });

  it('has a viewBox that depends only on the number of areas', () => {
    expect(viewBox(areaProgressChart(areas))).toBe(viewBox(areaProgressChart(areas.map((a) => ({ ...a, label: a.label.repeat(5), score: 1 })))));
  });
});

describe('completionChart', () => {
  const progress = [
    { date: '2026-01-01', settled: 0 },
    { date: '2026-01-11', settled: 3 },
    { date: '2026-01-21', settled: 10 },
  ];

  it('draws the cumulative line as steps, a go-live marker and the target total', () => {
    const svg = completionChart(progress, '2026-03-02', '2026-01-01', 40);
    expectWellFormed(svg);
    expect(viewBox(svg)).toBe('0 0 560 300');
    // x: 484 units over 60 days from 2026-01-01 starting at 52; y: 216 units for 40 steps from 252 up.
    const points = /<polyline points="([^"]+)"/.exec(svg)![1].split(' ');
    expect(points).toEqual(['52,252', '132.7,252', '132.7,235.8', '213.3,235.8', '213.3,198']);
    expect(svg).toContain('<line x1="536" x2="536" y1="28" y2="252" stroke="#d5281b"');
    expect(texts(svg)).toEqual(expect.arrayContaining(['Go-live 2026-03-02', 'Target: 40 steps', '2026-01-01', '2026-03-02', '0', '20', '40']));
    expect(svg).toContain('<line x1="52" x2="536" y1="36" y2="36" stroke="#007f3b" stroke-width="2" stroke-dasharray="6 4"/>');
  });

  it('describes itself in words', () => {
    const svg = completionChart(progress, '2026-03-02', '2026-01-01', 40);
    expect(svg).toMatch(/role="img" aria-labelledby="onramp-completion-chart-title onramp-completion-chart-desc"/);
    expect(svg).toContain('<title id="onramp-completion-chart-title">Steps settled over time</title>');
    expect(svg).toContain('<desc id="onramp-completion-chart-desc">10 of 40 steps settled by 2026-01-21; run started 2026-01-01; go-live 2026-03-02.</desc>');
  });

  it('extends the time axis when progress runs past go-live', () => {
    const svg = completionChart([...progress, { date: '2026-04-01', settled: 40 }], '2026-03-02', '2026-01-01', 40);
    expectWellFormed(svg);
    expect(texts(svg)).toContain('2026-04-01');
    // Go-live is now two thirds of the way along: 52 + 484 * 60/90.
    expect(svg).toContain('<line x1="374.7" x2="374.7"');
  });

  it('says so when nothing has been settled, and never divides by zero', () => {
    const svg = completionChart([], '2026-01-01', '2026-01-01', 0);
    expectWellFormed(svg);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(texts(svg)).toContain('No step has been settled yet');
  });

  it('escapes text built from its inputs', () => {
    const svg = completionChart(progress, '2026-03-02', '2026-01-01', 40, { title: '<b>Trust "A" & B</b>' });
    expectWellFormed(svg);
    expect(svg).toContain('<title id="onramp-completion-chart-title">&lt;b&gt;Trust &quot;A&quot; &amp; B&lt;/b&gt;</title>');
  });
});
