import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../shared/config/project-root';
import { checkTemplates, loadCheckedTemplates } from './template-check';
import { TemplateLoadError } from './template-engine';
import { TemplateTrees } from './testing/template-tree';

const CORE = join(projectRoot(), 'templates');
const trees = new TemplateTrees();
afterAll(() => trees.cleanup());

const coreFixture = (name: string) => JSON.parse(readFileSync(join(CORE, 'email', name, 'fixture.json'), 'utf8')) as Record<string, unknown>;
const plugin = (files: Record<string, string>) => [{ pluginId: 'branded', dir: trees.create(files) }];

describe('checkTemplates: the tree the server would build, every template rendered from its fixture', () => {
  it('passes the core templates, returning the engine', () => {
    const { engine, problems } = checkTemplates({ coreDir: CORE });
    expect(problems).toEqual([]);
    expect(engine?.names().emails).toContain('step-assigned');
  });

  it('finds a template a plugin overrides with a value its data does not have, naming the file and the value', () => {
    const pluginDirs = plugin({ 'email/step-assigned/subject.hbs': 'Step for {{site.count}} sites' });
    const { engine, problems } = checkTemplates({ coreDir: CORE, pluginDirs });
    expect(engine).toBeNull();
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Cannot render ${pluginDirs[0].dir}/email/step-assigned/subject\\.hbs: line 1: "site\\.count" is missing from the data .*rendering email step-assigned from ${CORE}/email/step-assigned/fixture\\.json\\. Fix: `,
        ),
      ),
    ]);
  });

  it('renders with the fixture of the winning folder, so a plugin that ships the data its template needs passes', () => {
    const { problems } = checkTemplates({
      coreDir: CORE,
      pluginDirs: plugin({
        'email/step-assigned/subject.hbs': 'Step for {{site.count}} sites',
        'email/step-assigned/fixture.json': JSON.stringify({ ...coreFixture('step-assigned'), site: { count: 3 } }),
      }),
    });
    expect(problems).toEqual([]);
  });

  it('finds a core template broken by a partial a plugin overrides, naming the partial', () => {
    const pluginDirs = plugin({ 'partials/step-card.hbs': '<p>{{step.site.count}}</p>' });
    const { problems } = checkTemplates({ coreDir: CORE, pluginDirs });
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toContain(`Cannot render ${pluginDirs[0].dir}/partials/step-card.hbs: line 1: "step.site.count" is missing`);
  });

  it('finds a report a plugin breaks, in either format', () => {
    const { problems } = checkTemplates({ coreDir: CORE, pluginDirs: plugin({ 'reports/readiness/md.hbs': '# {{organisation.region}}' }) });
    expect(problems).toEqual([
      expect.stringMatching(/reports\/readiness\/md\.hbs: line 1: "organisation\.region" is missing from the data.*rendering report readiness/),
    ]);
  });

  it('finds a stray file the server would refuse, naming it', () => {
    const pluginDirs = plugin({ 'email/step-assigned/subject.hbs': 'x', 'notes.txt': 'remember to update the subject' });
    const { problems } = checkTemplates({ coreDir: CORE, pluginDirs });
    expect(problems).toEqual([
      expect.stringContaining(`${pluginDirs[0].dir}/notes.txt: unexpected file at the top of a templates folder (plugin branded templates)`),
    ]);
  });

  it('is what the server loads: start-up fails with every problem, each naming its file', () => {
    const pluginDirs = plugin({ 'email/step-assigned/subject.hbs': '{{site.count}}', 'email/role-welcome/text.hbs': '{{person.nickname}}' });
    let error: unknown;
    try {
      loadCheckedTemplates({ coreDir: CORE, pluginDirs });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateLoadError);
    expect((error as Error).message).toMatch(/^2 template problems:/);
    expect((error as Error).message).toContain('email/role-welcome/text.hbs: line 1: "person.nickname"');
    expect((error as Error).message).toContain('email/step-assigned/subject.hbs: line 1: "site.count"');
  });
});
