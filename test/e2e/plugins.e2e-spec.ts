import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { createHttpApp } from '../../apps/onramp/src/http-app';
import type { Logger } from 'pino';
import { LOGGER } from '../../apps/onramp/src/platform/logging/logger';
import { OnrampClient, expectProblem, expectStatus, inDays, newOdsCode, observableState, organisationWithRun, type StepJson } from '../support/onramp-client';
import { pluginManifest, pluginStep, writePlugin } from '../support/plugin-fixtures';
import { startTestApp, testConfig, type TestApp } from '../support/test-app';
import { createTestDatabase, testDatabaseKinds, type DatabaseKind } from '../support/test-database';

/** Start-up with these plugins must fail; returns the message. */
async function startupError(
  kind: DatabaseKind,
  plugins: string[],
  extra: { pluginOptions?: Record<string, Record<string, unknown>>; allowIncompatiblePlugins?: string[] } = {},
): Promise<string> {
  const db = await createTestDatabase(kind);
  try {
    const app = await createHttpApp({
      ...testConfig(),
      database: db.url,
      logLevel: 'silent',
      adminToken: 'x'.repeat(32),
      plugins,
      pluginOptions: extra.pluginOptions ?? {},
      allowIncompatiblePlugins: extra.allowIncompatiblePlugins ?? [],
    });
    await app.close();
    throw new Error('start-up succeeded but should have failed');
  } catch (e) {
    return (e as Error).message;
  } finally {
    await db.drop();
  }
}

describe.each(testDatabaseKinds())('plugins on %s', (kind) => {
  describe('when an enabled plugin is broken, start-up fails naming the plugin, the file and the fix', () => {
    it('refuses a module that cannot be loaded', async () => {
      const dir = writePlugin('module.exports = { id: "broken", ;');
      const message = await startupError(kind, [dir]);
      expect(message).toContain(join(dir, 'index.js'));
      expect(message).toMatch(/the module cannot be loaded/);
      expect(message).toMatch(/fix: run it with node/);
    });

    it('refuses a path or package that does not exist', async () => {
      expect(await startupError(kind, ['./no/such/plugin'])).toMatch(/no file or folder at .*no\/such\/plugin[\s\S]*fix: check the path in ONRAMP_PLUGINS/);
      expect(await startupError(kind, ['onramp-plugin-nobody-published'])).toMatch(
        /neither a built-in plugin \(acute, mental-health, independent-sector\) nor an installed npm package/,
      );
    });

    it('refuses a manifest that breaks the schema, naming each field', async () => {
      const dir = writePlugin({
        ...pluginManifest('schema-broken'),
        version: 'one',
        organisationTypes: ['hospital'],
        steps: [pluginStep('schema-broken', 'a', { area: 'nowhere', source: 'http://insecure.example' })],
      });
      const message = await startupError(kind, [dir]);
      expect(message).toMatch(/plugin "schema-broken"/);
      expect(message).toMatch(/manifest: version: must be a semantic version/);
      expect(message).toMatch(/manifest: organisationTypes/);
      expect(message).toMatch(/manifest: steps\[0\]\.area/);
      expect(message).toMatch(/manifest: steps\[0\]\.source: must be an https URL/);
      expect(message).toMatch(/fix: see plugins\/sdk\/README.md/);
    });

    it('refuses an incompatible hostApi unless that plugin is named as allowed', async () => {
      const dir = writePlugin(pluginManifest('from-the-future', { hostApi: '^2.0.0' }));
      const message = await startupError(kind, [dir]);
      expect(message).toMatch(/plugin "from-the-future" .* needs plugin API \^2\.0\.0 but this Onramp provides 1\.0\.0/);
      expect(message).toMatch(/ONRAMP_ALLOW_INCOMPATIBLE_PLUGINS=from-the-future/);

      const t = await startTestApp(kind, { plugins: [dir], allowIncompatiblePlugins: ['from-the-future'] });
      try {
        const list = await new OnrampClient(t, t.adminToken).get('/api/v1/plugins');
        expect(list.body.items[0]).toMatchObject({ id: 'from-the-future', compatibilityWarning: 'needs plugin API ^2.0.0 but this Onramp provides 1.0.0' });
      } finally {
        await t.close();
      }
    });

    it('refuses two plugins with the same id, and a step id another plugin or core already has', async () => {
      const a = writePlugin(pluginManifest('twin'));
      const b = writePlugin(pluginManifest('twin'));
      expect(await startupError(kind, [a, b])).toMatch(/plugin id "twin" is also used by/);
      const taker = writePlugin(pluginManifest('taker', { steps: [pluginStep('taker', 'first-step')] }));
      const clash = writePlugin(pluginManifest('clash', { steps: [pluginStep('taker', 'first-step')] }));
      const message = await startupError(kind, [taker, clash]);
      expect(message).toMatch(/step "taker.first-step" is outside the plugin's namespace[\s\S]*fix: rename it to "clash.first-step"/);
      expect(message).toMatch(/step id "taker.first-step" is already defined by taker/);
    });

    it('refuses a step outside its namespace, or named like a core step', async () => {
      const dir = writePlugin(pluginManifest('sneaky', { steps: [pluginStep('core', 'appoint-implementation-lead')] }));
      const message = await startupError(kind, [dir]);
      expect(message).toMatch(/step "core.appoint-implementation-lead" is outside the plugin's namespace/);
      expect(message).toMatch(/already defined by core/);
    });

    it('refuses dangling dependencies and dependencies on undeclared plugins', async () => {
      const dangling = writePlugin(pluginManifest('dangling', { steps: [pluginStep('dangling', 'a', { dependsOn: ['core.no-such-step'] })] }));
      expect(await startupError(kind, [dangling])).toMatch(/step "dangling.a" depends on unknown step "core.no-such-step"/);
      const undeclared = writePlugin(
        pluginManifest('undeclared', { steps: [pluginStep('undeclared', 'a', { dependsOn: ['acute.appoint-paper-switch-off-sro'] })] }),
      );
      expect(await startupError(kind, ['acute', undeclared])).toMatch(
        /depends on "acute.appoint-paper-switch-off-sro" of plugin "acute", which "undeclared" does not declare in dependsOn/,
      );
    });

    it('refuses a dependency cycle across core and plugin steps', async () => {
      const dir = writePlugin(
        pluginManifest('loop', {
          steps: [pluginStep('loop', 'a', { dependsOn: ['loop.b'] }), pluginStep('loop', 'b', { dependsOn: ['loop.a', 'core.go-live'] })],
        }),
      );
      expect(await startupError(kind, [dir])).toMatch(/dependency cycle: loop\.(a|b) -> loop\.(a|b) -> loop\.(a|b)/);
    });

    it('refuses a plugin whose dependsOn plugin is not enabled', async () => {
      const dir = writePlugin(pluginManifest('needs-acute', { dependsOn: ['acute'] }));
      expect(await startupError(kind, [dir])).toMatch(/depends on plugin "acute", which is not enabled[\s\S]*fix: enable "acute" too/);
    });

    it('refuses bad options: unknown, wrong type, missing required, and options for a plugin not enabled', async () => {
      const dir = writePlugin(
        pluginManifest('configurable', {
          options: {
            sites: { type: 'number', description: 'How many sites', required: true },
            mode: { type: 'string', enum: ['a', 'b'], default: 'a', description: 'A mode' },
          },
        }),
      );
      expect(await startupError(kind, [dir])).toMatch(/option "sites" is required/);
      const message = await startupError(kind, [dir], { pluginOptions: { configurable: { sites: 'three', mode: 'c', colour: 'red' } } });
      expect(message).toMatch(/unknown option "colour"/);
      expect(message).toMatch(/option "sites" must be a number, got "three"/);
      expect(message).toMatch(/option "mode" must be one of a, b/);
      expect(await startupError(kind, [], { pluginOptions: { ghost: {} } })).toMatch(/options are configured for a plugin that is not enabled/);
    });
  });

  describe('when plugins compose', () => {
    let t: TestApp;
    let thirdParty: string;
    beforeAll(async () => {
      // A third party's plugin, outside the repository, that builds on the acute plugin.
      thirdParty = writePlugin(
        pluginManifest('regional-network', {
          version: '2.1.0',
          dependsOn: ['acute'],
          organisationTypes: ['acute'],
          steps: [
            pluginStep('regional-network', 'share-switch-off-plan', { dependsOn: ['acute.appoint-paper-switch-off-sro'], dueOffsetDays: -100 }),
            pluginStep('regional-network', 'joint-go-live-review', { dependsOn: ['core.go-live'], dueOffsetDays: 14, area: 'go-live' }),
          ],
        }),
      );
      t = await startTestApp(kind, { plugins: ['acute', 'mental-health', thirdParty] });
    });
    afterAll(async () => t?.close());

    it('lists the enabled plugins with where each came from', async () => {
      const res = await new OnrampClient(t, t.adminToken).get('/api/v1/plugins');
      expectStatus(res, 200);
      expect(res.body.pluginApiVersion).toBe('1.0.0');
      expect(res.body.items.map((p: { id: string }) => p.id)).toEqual(['acute', 'mental-health', 'regional-network']);
      expect(res.body.items[2]).toMatchObject({
        version: '2.1.0',
        hostApi: '^1.0.0',
        organisationTypes: ['acute'],
        stepCount: 2,
        source: { kind: 'path', spec: thirdParty },
      });
      expect(res.body.items[0].source).toEqual({ kind: 'built-in', spec: 'acute' });
    });

    it('gives an acute trust core, acute and third-party steps in one deterministic order, each saying why it is there', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      const runs: { steps: StepJson[]; plugins: unknown }[] = [];
      for (let i = 0; i < 2; i++) {
        const ods = await admin.registerOrganisation('acute');
        const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
        runs.push((await lead.startRun(ods)) as never);
      }
      const [run, twin] = runs;
      expect(twin.steps.map((s) => s.id)).toEqual(run.steps.map((s) => s.id));
      expect(run.plugins).toEqual([
        { id: 'acute', version: '1.0.0' },
        { id: 'regional-network', version: '2.1.0' },
      ]);
      const ids = run.steps.map((s) => s.id);
      expect(ids.some((id) => id.startsWith('mental-health.'))).toBe(false);
      // Dependencies come first.
      expect(ids.indexOf('acute.appoint-paper-switch-off-sro')).toBeLessThan(ids.indexOf('regional-network.share-switch-off-plan'));
      const step = run.steps.find((s) => s.id === 'regional-network.share-switch-off-plan') as StepJson & { addedBy: { source: string; reason: string } };
      expect(step.addedBy).toEqual({ source: 'regional-network', reason: 'added by plugin regional-network@2.1.0 because organisation type is acute' });
    });

    it('runs the third-party steps with the same rules as core steps', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      const ods = await admin.registerOrganisation('acute');
      const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
      const run = await lead.startRun(ods);
      const step = run.steps.find((s) => s.id === 'regional-network.share-switch-off-plan')!;
      const blocked = await lead.step(ods, step.id, 'complete', OnrampClient.evidenceFor(step));
      expect(blocked.status).toBe(409);
      expect(blocked.body).toMatchObject({ code: 'ONBOARDING.DEPENDENCY_INCOMPLETE', pending: ['acute.appoint-paper-switch-off-sro'] });
    });

    it('gives a mental health provider the mental health steps and none of the acute ones', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      const ods = await admin.registerOrganisation('mental-health');
      const run = await admin.as(await admin.createToken(ods, 'implementation-lead')).startRun(ods);
      const namespaces = new Set(run.steps.map((s) => s.id.split('.')[0]));
      expect([...namespaces].sort()).toEqual(['core', 'mental-health']);
    });
  });

  describe('when a plugin is upgraded under a running checklist', () => {
    it('keeps the pinned steps until the upgrade is adopted explicitly, then reports and applies the difference', async () => {
      const v1 = writePlugin(
        pluginManifest('local-policy', {
          steps: [
            pluginStep('local-policy', 'kept'),
            pluginStep('local-policy', 'retired'),
            pluginStep('local-policy', 'reworded', { title: 'Write the local access policy' }),
          ],
        }),
      );
      const v2 = writePlugin(
        pluginManifest('local-policy', {
          version: '1.1.0',
          steps: [
            pluginStep('local-policy', 'kept'),
            pluginStep('local-policy', 'reworded', { title: 'Write and publish the local access policy', weight: 3 }),
            pluginStep('local-policy', 'added-later'),
          ],
        }),
      );
      const first = await startTestApp(kind, { plugins: [v1] });
      const admin = new OnrampClient(first, first.adminToken);
      const ods = await admin.registerOrganisation('acute', newOdsCode('U'));
      const leadToken = await admin.createToken(ods, 'implementation-lead');
      const started = await admin.as(leadToken).startRun(ods);
      expect(started.steps.map((s) => s.id).filter((id) => id.startsWith('local-policy.'))).toEqual([
        'local-policy.kept',
        'local-policy.retired',
        'local-policy.reworded',
      ]);
      const kept = started.steps.find((s) => s.id === 'local-policy.kept')!;
      expectStatus(
        await admin
          .as(leadToken)
          .step(
            ods,
            'core.appoint-implementation-lead',
            'complete',
            OnrampClient.evidenceFor(started.steps.find((s) => s.id === 'core.appoint-implementation-lead')!),
          ),
        200,
      );
      expectStatus(await admin.as(leadToken).step(ods, kept.id, 'complete', OnrampClient.evidenceFor(kept)), 200);
      await first.app.close();

      // The server restarts with version 1.1.0 of the plugin, on the same database.
      const second = await startTestApp(kind, { plugins: [v2], reuse: first.db });
      try {
        const lead = new OnrampClient(second, leadToken);
        const unchanged = await lead.run(ods);
        expect((unchanged as unknown as { plugins: unknown }).plugins).toEqual([{ id: 'local-policy', version: '1.0.0' }]);
        expect(unchanged.steps.map((s) => s.id)).toContain('local-policy.retired');
        expect(unchanged.steps.find((s) => s.id === 'local-policy.reworded')).toMatchObject({ title: 'Write the local access policy' });

        const preview = await lead.get(`/api/v1/organisations/${ods}/onboarding/upgrade`);
        expectStatus(preview, 200);
        expect(preview.body).toMatchObject({
          upToDate: false,
          diff: {
            plugins: [{ id: 'local-policy', from: '1.0.0', to: '1.1.0' }],
            added: [{ id: 'local-policy.added-later' }],
            removed: [{ id: 'local-policy.retired', status: 'not-started' }],
            changed: [{ id: 'local-policy.reworded', fields: ['title', 'weight'] }],
          },
        });
        expect((await lead.run(ods)).version).toBe(unchanged.version); // a preview changes nothing

        const adopted = await lead.post(`/api/v1/organisations/${ods}/onboarding/upgrade`, {}, { 'If-Match': `"${unchanged.version}"` });
        expectStatus(adopted, 200);
        expect(adopted.body.diff).toEqual(preview.body.diff);
        const after = await lead.run(ods);
        expect((after as unknown as { plugins: unknown }).plugins).toEqual([{ id: 'local-policy', version: '1.1.0' }]);
        expect(after.steps.map((s) => s.id).filter((id) => id.startsWith('local-policy.'))).toEqual([
          'local-policy.kept',
          'local-policy.reworded',
          'local-policy.added-later',
        ]);
        expect(after.steps.find((s) => s.id === 'local-policy.kept')!.status).toBe('done');
        expect(after.steps.find((s) => s.id === 'local-policy.reworded')).toMatchObject({
          title: 'Write and publish the local access policy',
          status: 'not-started',
        });

        const again = await lead.post(`/api/v1/organisations/${ods}/onboarding/upgrade`, {});
        expect(again.status).toBe(409);
        expect(again.body.code).toBe('ONBOARDING.CHECKLIST_UP_TO_DATE');
        const audit = await lead.get(`/api/v1/organisations/${ods}/audit?limit=500`);
        expect(audit.body.items.at(-1)).toMatchObject({ type: 'ChecklistAdopted', payload: { diff: preview.body.diff } });
        expect((await lead.get(`/api/v1/organisations/${ods}/audit/verify`)).body.valid).toBe(true);
      } finally {
        await second.close();
        await first.db.drop();
      }
    });
  });

  it('applies code hooks: a step left out by appliesTo, and a readiness reason added by adjustReadiness', async () => {
    const dir = writePlugin(`
      module.exports = {
        id: 'small-sites',
        version: '1.0.0',
        hostApi: '^1.0.0',
        organisationTypes: '*',
        options: { threshold: { type: 'number', default: 50, description: 'Score below which a reminder is added' } },
        steps: [],
        hooks: {
          // Organisations whose ODS code starts with S run without a separate working group.
          appliesTo: (step, organisation) => !(step.id === 'core.establish-ers-working-group' && organisation.odsCode.startsWith('S')),
          adjustReadiness: ({ readiness, options }) => readiness.score < options.threshold ? [{ rag: 'amber', reason: 'score below ' + options.threshold }] : [],
        },
      };`);
    const t = await startTestApp(kind, { plugins: [dir], pluginOptions: { 'small-sites': { threshold: 60 } } });
    try {
      const admin = new OnrampClient(t, t.adminToken);
      const small = await admin.registerOrganisation('community', newOdsCode('S'));
      const other = await admin.registerOrganisation('community', newOdsCode('B'));
      const smallLead = admin.as(await admin.createToken(small, 'implementation-lead'));
      const smallRun = await smallLead.startRun(small);
      const otherRun = await admin.as(await admin.createToken(other, 'implementation-lead')).startRun(other);
      expect(smallRun.steps.map((s) => s.id)).not.toContain('core.establish-ers-working-group');
      expect(otherRun.steps.map((s) => s.id)).toContain('core.establish-ers-working-group');
      // A step that depended on the one left out no longer waits for it.
      for (const s of smallRun.steps) expect(s.dependsOn).not.toContain('core.establish-ers-working-group');
      const readiness = await smallLead.get(`/api/v1/organisations/${small}/readiness`);
      expect(readiness.body.rag.reasons).toContain('amber: [small-sites] score below 60');
      expect(readiness.body.rag.status).not.toBe('green');
    } finally {
      await t.close();
    }
  });

  describe('when a plugin hook fails', () => {
    let t: TestApp;
    let warnings: jest.SpyInstance;
    beforeAll(async () => {
      // For community organisations only: acute organisations never meet its hooks.
      const throwing = writePlugin(`
        module.exports = {
          id: 'faulty-rules', version: '1.0.0', hostApi: '^1.0.0', organisationTypes: ['community'], steps: [],
          hooks: {
            appliesTo: (step, organisation) => {
              if (organisation.odsCode.startsWith('X') && step.id === 'core.go-live') throw new Error('internal rule table missing');
              return true;
            },
            adjustReadiness: ({ readiness }) => { readiness.steps[0].status = 'done'; throw new Error('internal scoring service down'); },
          },
        };`);
      const looping = writePlugin(`
        module.exports = {
          id: 'endless-rules', version: '1.0.0', hostApi: '^1.0.0', organisationTypes: ['mental-health'], steps: [],
          hooks: {
            appliesTo: (step, organisation) => { if (organisation.odsCode.startsWith('L')) for (;;); return true; },
            adjustReadiness: () => { for (;;); },
            complianceChecks: [{ id: 'never-ends', title: 'A check that never ends', evaluate: () => new Promise(() => {}) }],
          },
        };`);
      t = await startTestApp(kind, { plugins: ['acute', throwing, looping], pluginHookTimeoutMs: 200 });
      warnings = jest.spyOn(t.app.get<Logger>(LOGGER), 'warn');
    });
    afterAll(async () => t?.close());
    afterEach(() => warnings.mockClear());

    it('refuses to start a run it cannot assemble with a problem naming the plugin and the hook, and writes nothing', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      const ods = await admin.registerOrganisation('community', newOdsCode('X'));
      const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
      const before = await observableState(t, [ods]);
      const res = await lead.post(`/api/v1/organisations/${ods}/onboarding`, { goLiveDate: inDays(200) }, { 'Idempotency-Key': 'start-1' });
      expectProblem(res, { status: 503, code: 'PLUGIN.HOOK_FAILED' });
      expect(res.body).toMatchObject({ plugin: 'faulty-rules', hook: 'appliesTo', failure: 'threw', correlationId: expect.any(String) });
      expect(res.body.detail).toMatch(/the appliesTo hook of plugin "faulty-rules" threw an error\. Nothing was changed/);
      // The plugin's own message is for the log, not for the caller.
      expect(JSON.stringify(res.body)).not.toContain('rule table');
      expect(warnings).toHaveBeenCalledWith(
        expect.objectContaining({
          plugin: 'faulty-rules',
          hook: 'appliesTo',
          failure: 'threw',
          err: 'on step core.go-live: internal rule table missing',
          organisation: ods,
        }),
        'plugin hook failed',
      );
      expect(await observableState(t, [ods])).toEqual(before);
    });

    it('stops a hook that runs past the time limit, answers with the same problem, and keeps serving', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      const ods = await admin.registerOrganisation('mental-health', newOdsCode('L'));
      const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
      const res = await lead.post(`/api/v1/organisations/${ods}/onboarding`, { goLiveDate: inDays(200) });
      expectProblem(res, { status: 503, code: 'PLUGIN.HOOK_FAILED' });
      expect(res.body).toMatchObject({ plugin: 'endless-rules', hook: 'appliesTo', failure: 'timed-out' });
      expect(res.body.detail).toContain('did not finish within the 200 ms time limit');
      expectStatus(await admin.get('/api/v1/health'), 200);
      expect((await lead.get(`/api/v1/organisations/${ods}/onboarding`)).status).toBe(404);
    });

    it('leaves organisations the plugins do not apply to alone', async () => {
      const { lead, ods } = await organisationWithRun(t, 'acute');
      expectStatus(await lead.get(`/api/v1/organisations/${ods}/readiness`), 200);
    });

    it('turns a readiness hook that throws or times out into an amber reason naming the plugin and the hook, on a run it cannot change', async () => {
      const admin = new OnrampClient(t, t.adminToken);
      for (const [type, plugin, how] of [
        ['community', 'faulty-rules', 'threw an error'],
        ['mental-health', 'endless-rules', 'did not finish within the 200 ms time limit'],
      ] as const) {
        const { lead, ods, run } = await organisationWithRun(t, type);
        const readiness = await lead.get(`/api/v1/organisations/${ods}/readiness`);
        expectStatus(readiness, 200);
        expect(readiness.body.rag.status).not.toBe('green');
        expect(readiness.body.rag.reasons).toContain(
          `amber: [${plugin}] readiness check failed: the adjustReadiness hook of plugin ${plugin} ${how}; see the server log`,
        );
        expect(JSON.stringify(readiness.body)).not.toContain('scoring service');
        // The hook changed its copy of the steps, not the run.
        expect((await lead.run(ods)).steps.map((s) => s.status)).toEqual(run.steps.map((s) => s.status));
        expect((await admin.get(`/api/v1/organisations/${ods}/readiness`)).status).toBe(200);
      }
    });

    it('reports a compliance check that never answers as unknown, without holding up the report', async () => {
      const { ods } = await organisationWithRun(t, 'mental-health');
      const res = await new OnrampClient(t, t.adminToken).get('/api/v1/reports/compliance?format=json');
      expectStatus(res, 200);
      const row = (res.body.organisations as { organisation: { odsCode: string }; guidelines: { id: string; status: string; evidence: string }[] }[]).find(
        (r) => r.organisation.odsCode === ods,
      )!;
      expect(row.guidelines.find((g) => g.id === 'endless-rules.never-ends')).toMatchObject({
        status: 'unknown',
        evidence: expect.stringContaining('did not finish within its time limit'),
      });
    });
  });

  it('runs with no plugins at all when the list is empty', async () => {
    const t = await startTestApp(kind, { plugins: [] });
    try {
      const admin = new OnrampClient(t, t.adminToken);
      expect((await admin.get('/api/v1/plugins')).body.items).toEqual([]);
      const ods = await admin.registerOrganisation('acute');
      const run = await admin.as(await admin.createToken(ods, 'implementation-lead')).startRun(ods);
      expect(run.steps.every((s) => s.id.startsWith('core.'))).toBe(true);
      expect(t.app.get(MikroORM)).toBeDefined();
    } finally {
      await t.close();
    }
  });
});

/**
 * What a plugin's author runs before anyone enables it: `onramp plugin:validate` and the
 * conformance kit in their own Jest. Both run the built code (npm test builds first), as a third
 * party would; no database is involved.
 */
describe('checking a plugin before enabling it', () => {
  const root = join(__dirname, '../..');
  const cli = join(root, 'dist/apps/onramp/src/cli.js');
  const validate = (...args: string[]) =>
    spawnSync(process.execPath, [cli, 'plugin:validate', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ONRAMP_PLUGINS: '' } });

  /** A plugin that loads, composes and completes, but whose templates and hooks fail. */
  function brokenPlugin(templates: Record<string, string>, hooks = '') {
    const dir = writePlugin(`
      const base = ${JSON.stringify(pluginManifest('careless', { templates: './templates' }))};
      module.exports = { ...base, hooks: { ${hooks} } };`);
    for (const [path, content] of Object.entries(templates)) {
      mkdirSync(join(dir, 'templates', path, '..'), { recursive: true });
      writeFileSync(join(dir, 'templates', path), content);
    }
    return dir;
  }

  it('plugin:validate passes the example plugin and says what it checked', () => {
    const res = validate(join(root, 'plugins/sdk/examples/community-diagnostics'), '--options', '{"modalities":["imaging"]}');
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: '' });
    expect(res.stdout).toMatch(/valid plugin community-diagnostics@1\.0\.0/);
    expect(res.stdout).toMatch(/^templates: none of its own; the core templates render from their fixtures$/m);
    expect(res.stdout).toMatch(/^hooks: appliesTo, adjustReadiness, complianceChecks\.results-reported-in-time ran on representative runs/m);
  });

  it('plugin:validate renders the templates as the server does, naming the file and the missing value', () => {
    const dir = brokenPlugin({ 'email/step-assigned/subject.hbs': 'For {{site.count}} sites' });
    const res = validate(dir);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`Cannot render ${join(dir, 'templates/email/step-assigned/subject.hbs')}: line 1: "site.count" is missing from the data`);
  });

  it('plugin:validate refuses a stray file in the templates folder, as start-up would', () => {
    const dir = brokenPlugin({ 'email/step-assigned/subject.hbs': 'New: {{step.title}}', 'notes.txt': 'to do' });
    const res = validate(dir);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`${join(dir, 'templates/notes.txt')}: unexpected file at the top of a templates folder`);
  });

  it('plugin:validate runs every hook, naming the plugin and the hook that fails', () => {
    const dir = brokenPlugin(
      { 'email/step-assigned/subject.hbs': 'New: {{step.title}}' },
      `adjustReadiness: () => { throw new Error('no scoring table'); },
       complianceChecks: [{ id: 'audit', title: 'Audit done', evaluate: () => 'met' }]`,
    );
    const res = validate(dir);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(
      /plugin "careless": the adjustReadiness hook threw an error on a fresh run of an organisation of type acute; .*: no scoring table/,
    );
    expect(res.stderr).toMatch(/plugin "careless": the complianceChecks\.audit\.evaluate hook returned an invalid result on a fresh run/);
  });

  it('the conformance kit fails in the plugin’s own Jest for a plugin whose hooks and templates fail', () => {
    const dir = brokenPlugin(
      { 'email/step-assigned/subject.hbs': 'For {{site.count}} sites' },
      `adjustReadiness: () => { throw new Error('no scoring table'); },
       complianceChecks: [{ id: 'audit', title: 'Audit done', evaluate: () => { throw new Error('audit service down'); } }]`,
    );
    writeFileSync(
      join(dir, 'careless.spec.js'),
      `const { describeConformance } = require(${JSON.stringify(join(root, 'plugins/sdk/testing'))});\ndescribeConformance(require.resolve('./index.js'));\n`,
    );
    // The plugin's own project: its Jest configuration and its spec, outside the repository.
    writeFileSync(join(dir, 'jest.config.js'), `module.exports = { testEnvironment: 'node', rootDir: __dirname };\n`);
    const res = spawnSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--ci', '--verbose', '--no-watchman', '--no-cache'], {
      encoding: 'utf8',
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', FORCE_COLOR: '0' },
    });
    expect(res.status).toBe(1);
    // The checks the kit always made still pass; the new ones fail with the problems named.
    expect(res.stderr).toMatch(/✓ has a manifest the host accepts/);
    expect(res.stderr).toMatch(/✓ lets a run for each of its organisation types be started and completed to a green go-live gate/);
    expect(res.stderr).toMatch(/✕ has templates the server loads/);
    expect(res.stderr).toMatch(/✕ has hooks that run on representative runs/);
    // (Jest's diff escapes the quotes around the expression.)
    expect(res.stderr).toMatch(/email\/step-assigned\/subject\.hbs: line 1: \\?"site\.count\\?" is missing from the data/);
    expect(res.stderr).toContain('the adjustReadiness hook threw an error');
    expect(res.stderr).toContain('the complianceChecks.audit.evaluate hook threw an error');
    expect(res.stderr).toMatch(/Tests: +2 failed, 4 passed, 6 total/);
  });
});
