import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pluginManifest, writePlugin } from '../../../../test/support/plugin-fixtures';
import { checkPluginHooks, checkPluginTemplates, completeInMemory, conformanceStages, loadPluginForTest } from './conformance';

const EXAMPLE = join(__dirname, '../../../../plugins/sdk/examples/community-diagnostics/index.js');

/** A plugin module written the way a third party would, with hooks as code. */
const withHooks = (id: string, hooks: string, extra = '') =>
  writePlugin(`
    const base = ${JSON.stringify(pluginManifest(id))};
    module.exports = { ...base, ${extra} hooks: { ${hooks} } };`);

const loaded = (dir: string) => loadPluginForTest(dir, { hookTimeoutMs: 200 });

describe('the conformance checks', () => {
  it('pass the example plugin, whose three hooks all behave', async () => {
    const example = await loadPluginForTest(EXAMPLE, { options: { modalities: ['imaging'] } });
    expect(await checkPluginHooks(example)).toEqual([]);
    expect(checkPluginTemplates(example)).toEqual([]);
  });

  describe('when hooks are broken in ways the old kit never saw', () => {
    // Loads, composes and completes to a green gate: every check the kit used to make passes.
    const dir = withHooks(
      'fragile',
      `adjustReadiness: () => { throw new Error('readiness lookup failed'); },
       complianceChecks: [{ id: 'audit-done', title: 'The audit is done', evaluate: ({ run }) => run.steps.find((s) => s.id === 'fragile.audit').status }]`,
    );

    it('still loads, composes and completes, as before', async () => {
      const plugin = await loaded(dir);
      const composed = plugin.registry.compose({ odsCode: 'TEST1', name: 'Conformance organisation', type: 'acute' });
      expect(completeInMemory(composed.steps, 'TEST1').gate.go).toBe(true);
    });

    it('fail, naming the plugin, each hook, the runs it failed on and why', async () => {
      const problems = await checkPluginHooks(await loaded(dir));
      expect(problems).toEqual([
        expect.stringMatching(
          /^plugin "fragile": the adjustReadiness hook threw an error on a fresh run of an organisation of type acute; .*: readiness lookup failed$/,
        ),
        expect.stringMatching(
          /^plugin "fragile": the complianceChecks\.audit-done\.evaluate hook threw an error on a fresh run of an organisation of type acute; .*: Cannot read properties of undefined \(reading 'status'\)$/,
        ),
      ]);
      for (const stage of [
        'a fresh run',
        'a run with half its steps done',
        'a run with every step done',
        'a half-done run with overdue steps',
        'a fresh run past its go-live date',
      ])
        expect(problems[0]).toContain(`on ${stage} of an organisation of type acute`);
    });
  });

  it('run appliesTo on every step of every organisation type it covers, and name the step it fails on', async () => {
    const dir = withHooks(
      'picky',
      `appliesTo: (step, organisation) => { if (organisation.type === 'community' && step.id === 'core.go-live') throw new Error('no go-live rule for community'); return true; }`,
      `organisationTypes: ['acute', 'community'],`,
    );
    expect(await checkPluginHooks(await loaded(dir))).toEqual([
      'plugin "picky": the appliesTo hook threw an error for an organisation of type community: on step core.go-live: no go-live rule for community',
    ]);
  });

  it('accept only true or false from appliesTo', async () => {
    const dir = withHooks('vague', `appliesTo: (step) => (step.id.startsWith('vague.') ? 'yes' : true)`);
    expect(await checkPluginHooks(await loaded(dir))).toEqual([
      'plugin "vague": the appliesTo hook returned an invalid result for an organisation of type acute: returned "yes" for step vague.first-step; expected true or false',
    ]);
  });

  it('stop hooks that do not finish within the time limit, synchronous or not', async () => {
    const dir = withHooks(
      'slow',
      `adjustReadiness: () => { for (;;); },
       complianceChecks: [{ id: 'waits', title: 'Waits for a reply', evaluate: () => new Promise(() => {}) }]`,
    );
    const problems = await checkPluginHooks(await loaded(dir));
    expect(problems).toEqual([
      expect.stringMatching(/^plugin "slow": the adjustReadiness hook did not finish within the 200 ms time limit on a fresh run/),
      expect.stringMatching(/^plugin "slow": the complianceChecks\.waits\.evaluate hook did not finish within the 200 ms time limit on a fresh run/),
    ]);
  });

  it('refuse results of the wrong shape', async () => {
    const dir = withHooks(
      'sloppy',
      `adjustReadiness: ({ readiness }) => (readiness.score === 100 ? { rag: 'green', reason: 'all done' } : []),
       complianceChecks: [{ id: 'half', title: 'Half an answer', evaluate: () => ({ status: 'met' }) }]`,
    );
    const problems = await checkPluginHooks(await loaded(dir));
    expect(problems).toEqual([
      expect.stringMatching(
        /^plugin "sloppy": the complianceChecks\.half\.evaluate hook returned an invalid result on a fresh run .*: returned \{"status":"met"\}; expected/,
      ),
      'plugin "sloppy": the adjustReadiness hook returned an invalid result on a run with every step done of an organisation of type acute: returned {"rag":"green","reason":"all done"}; expected [{ rag: "red" | "amber", reason: string }]',
    ]);
  });

  it('build representative runs with the real aggregate: fresh, part done, done, overdue', async () => {
    const plugin = await loadPluginForTest(EXAMPLE);
    const steps = plugin.registry.compose({ odsCode: 'TEST1', name: 'Conformance organisation', type: 'acute' }).steps;
    const stages = conformanceStages(steps, 'TEST1');
    const done = (i: number) => Object.values(stages[i].snapshot.steps).filter((s) => s.status === 'done').length;
    expect([done(0), done(1), done(2)]).toEqual([0, Math.ceil(steps.length / 2), steps.length]);
    expect(stages[3].now > new Date(`${stages[3].snapshot.goLiveDate}T00:00:00Z`)).toBe(false);
    expect(stages[4].now > new Date(`${stages[4].snapshot.goLiveDate}T00:00:00Z`)).toBe(true);
  });

  describe('templates', () => {
    const templated = (files: Record<string, string>) => {
      const dir = writePlugin(pluginManifest('branded', { templates: './templates' }));
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(join(dir, 'templates', path, '..'), { recursive: true });
        writeFileSync(join(dir, 'templates', path), content);
      }
      return dir;
    };

    it('render every template the plugin overrides, as the server does, naming the file and the missing value', async () => {
      const dir = templated({ 'email/step-assigned/subject.hbs': 'New step for {{site.count}} sites' });
      expect(checkPluginTemplates(await loaded(dir))).toEqual([
        expect.stringContaining(`Cannot render ${join(dir, 'templates/email/step-assigned/subject.hbs')}: line 1: "site.count" is missing from the data`),
      ]);
    });

    it('refuse a stray file the server would refuse at start-up', async () => {
      const dir = templated({ 'email/step-assigned/subject.hbs': 'New step: {{step.title}}', 'email/step-assigned/notes.txt': 'draft' });
      expect(checkPluginTemplates(await loaded(dir))).toEqual([
        expect.stringContaining(`${join(dir, 'templates/email/step-assigned/notes.txt')}: unexpected file in a email template folder`),
      ]);
    });
  });
});
