import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadCatalogue } from '../../apps/onramp/src/catalogue/catalogue.loader';
import { canonicalJson, GENESIS_HASH, hashEntry } from '../../apps/onramp/src/audit/domain/hash-chain';
import { OnboardingRun } from '../../apps/onramp/src/onboarding/domain/onboarding-run';
import { openDatabase } from '../../apps/onramp/src/platform/database/orm.config';
import { SCHEMA } from '../../apps/onramp/src/schema';
import { projectRoot } from '../../apps/onramp/src/shared/config/project-root';
import { OnrampClient, expectStatus } from '../support/onramp-client';
import { startTestApp } from '../support/test-app';
import { createTestDatabase, testDatabaseKinds } from '../support/test-database';

/**
 * A database written by the release before checklists were stored once (every run held a copy of
 * its definitions and full step states; audit heads on the organisation; idempotency records with
 * whole responses) is upgraded by the migrations: no run, pinned version, progress or token is
 * lost, the trail still verifies, and old replay records (which could hold secrets) are gone.
 */
describe.each(testDatabaseKinds())('upgrading a %s database from the November 2026 release', (kind) => {
  it('keeps every run, its pinned checklist and its progress, and the trail verifies', async () => {
    const db = await createTestDatabase(kind);
    const orm = await openDatabase(db.url, SCHEMA);
    try {
      await orm.migrator.up({ to: 'Migration20261122MailOutbox' });
    } finally {
      await orm.close();
    }
    const p = (n: number) => (kind === 'sqlite' ? '?' : `$${n}`);
    const values = (n: number) => Array.from({ length: n }, (_, i) => p(i + 1)).join(', ');
    const when = (iso: string) => (kind === 'sqlite' ? Date.parse(iso) : new Date(iso));

    // The legacy data, as that release wrote it.
    const ods = 'OLD1';
    const catalogue = loadCatalogue(join(projectRoot(), 'config/catalogue/core.yaml'));
    const startedAt = new Date(Date.now() - 30 * 86_400_000);
    const goLive = new Date(Date.now() + 150 * 86_400_000).toISOString().slice(0, 10);
    const run = OnboardingRun.start({
      id: randomUUID(),
      organisation: ods,
      goLiveDate: goLive,
      catalogueVersion: catalogue.version,
      steps: [...catalogue.steps],
      now: startedAt,
    });
    run.pullEvents();
    const first = run.definitions[0];
    const lead = { id: randomUUID(), role: 'implementation-lead' as const, label: 'Legacy lead token' };
    run.complete(first.id, {
      evidence: first.evidence.map((e) => ({ key: e.key, reference: `legacy:${e.key}` })),
      note: 'done before the upgrade',
      actor: lead,
      now: startedAt,
    });
    const snapshot = run.snapshot();
    const legacyDoc = {
      id: snapshot.id,
      organisation: ods,
      catalogueVersion: snapshot.catalogueVersion,
      plugins: [],
      goLiveDate: snapshot.goLiveDate,
      startedAt: snapshot.startedAt,
      definitions: snapshot.definitions,
      steps: Object.fromEntries(Object.entries(snapshot.steps).map(([id, s]) => [id, { ...s, history: undefined }])),
    };
    const token = `onr_${randomUUID().replace(/-/g, '')}legacy`;
    const at = startedAt.toISOString();
    // People as that release recorded them: one person in two roles, and a clinical lead.
    const legacyPeople = (
      [
        ['Priya Shah', 'priya.shah@old1.nhs.uk', 'implementation-lead'],
        ['Priya Shah', 'priya.shah@old1.nhs.uk', 'training-lead'],
        ['Dr Lee Chen', 'lee.chen@old1.nhs.uk', 'clinical-lead'],
      ] as const
    ).map(([name, email, role]) => ({ id: randomUUID(), name, email, role }));
    const events = [
      { type: 'OrganisationRegistered', payload: { odsCode: ods, name: 'Legacy Trust', type: 'acute' }, actor: { id: 'admin', role: 'admin' } },
      ...legacyPeople.map((p) => ({
        type: 'PersonAdded',
        payload: { organisation: ods, personId: p.id, name: p.name, email: p.email, role: p.role },
        actor: { id: 'admin', role: 'admin' },
      })),
      { type: 'AccessTokenIssued', payload: { tokenId: lead.id, role: 'implementation-lead', label: lead.label }, actor: { id: 'admin', role: 'admin' } },
      {
        type: 'OnboardingStarted',
        payload: {
          runId: snapshot.id,
          goLiveDate: goLive,
          catalogueVersion: snapshot.catalogueVersion,
          stepIds: snapshot.definitions.map((d) => d.id),
          plugins: [],
        },
        actor: lead,
      },
      {
        type: 'StepCompleted',
        payload: { runId: snapshot.id, stepId: first.id, evidence: snapshot.steps[first.id].evidence, note: 'done before the upgrade', awaitingSignOff: false },
        actor: lead,
      },
    ];
    await db.sql(`insert into organisations (ods_code, name, type, created_at, audit_seq, audit_head) values (${values(6)})`, [
      ods,
      'Legacy Trust',
      'acute',
      when(at),
      0,
      '',
    ]);
    let prev = GENESIS_HASH;
    for (const [i, e] of events.entries()) {
      const fields = {
        organisation: ods,
        seq: i + 1,
        type: e.type,
        payload: canonicalJson(e.payload),
        actorId: e.actor.id,
        actorRole: e.actor.role,
        occurredAt: at,
        correlationId: `legacy-${i}`,
        prevHash: prev,
      };
      const hash = hashEntry(fields);
      await db.sql(
        `insert into audit_events (organisation, seq, type, payload, actor_id, actor_role, occurred_at, correlation_id, prev_hash, hash) values (${values(10)})`,
        [ods, i + 1, e.type, fields.payload, e.actor.id, e.actor.role, at, fields.correlationId, prev, hash],
      );
      prev = hash;
    }
    await db.sql(`update organisations set audit_seq = ${p(1)}, audit_head = ${p(2)} where ods_code = ${p(3)}`, [events.length, prev, ods]);
    for (const p of legacyPeople)
      await db.sql(`insert into people (id, organisation, name, email, role, created_at) values (${values(6)})`, [
        p.id,
        ods,
        p.name,
        p.email,
        p.role,
        when(at),
      ]);
    await db.sql(`insert into api_tokens (id, token_hash, organisation, role, label, created_by, created_at) values (${values(7)})`, [
      lead.id,
      createHash('sha256').update(token).digest('hex'),
      ods,
      'implementation-lead',
      lead.label,
      'admin',
      when(at),
    ]);
    await db.sql(`insert into onboarding_runs (id, organisation, catalogue_version, go_live_date, state, version, updated_at) values (${values(7)})`, [
      snapshot.id,
      ods,
      snapshot.catalogueVersion,
      goLive,
      JSON.stringify(legacyDoc),
      2,
      when(at),
    ]);
    // A replay record as that release kept it: a whole response, a token secret in it.
    await db.sql(
      `insert into idempotency_keys (principal, ${kind === 'sqlite' ? 'key' : '"key"'}, fingerprint, status, body, headers, created_at) values (${values(7)})`,
      ['admin', 'k1', 'f'.repeat(64), 201, JSON.stringify({ token: 'onr_the-old-secret' }), '{}', when(at)],
    );

    // The upgrade: the remaining migrations, then the first start with a signing key.
    const t = await startTestApp(kind, { reuse: db });
    try {
      const client = new OnrampClient(t, token);
      const after = await client.run(ods);
      expect(after.catalogueVersion).toBe(snapshot.catalogueVersion);
      expect(after.goLiveDate).toBe(goLive);
      expect(after.steps.map((s) => s.id)).toEqual(snapshot.definitions.map((d) => d.id));
      expect(after.steps[0]).toMatchObject({ id: first.id, status: 'done' });
      expect(after.steps.slice(1).every((s) => s.status === 'not-started')).toBe(true);
      const readiness = await client.get(`/api/v1/organisations/${ods}/readiness`);
      expectStatus(readiness, 200);
      expect(readiness.body.counts.done).toBe(1);
      expect((await t.db.sql(`select * from idempotency_keys`)).length).toBe(0);
      // The trail written before sealing was adopted at start-up: it verifies, and a new command extends it.
      expect((await client.get(`/api/v1/organisations/${ods}/audit/verify`)).body).toMatchObject({ valid: true, checked: events.length, unexplained: [] });
      expectStatus(await client.step(ods, after.steps[1].id, 'start'), 200);
      expect((await client.get(`/api/v1/organisations/${ods}/audit/verify`)).body).toMatchObject({ valid: true, checked: events.length + 1, unexplained: [] });
      // The run is stored once per checklist now, with only its own state.
      const [stored] = (await t.db.sql(`select state from onboarding_runs where organisation = ${p(1)}`, [ods])) as { state: unknown }[];
      const state = (typeof stored.state === 'string' ? JSON.parse(stored.state) : stored.state) as Record<string, unknown>;
      expect(state).not.toHaveProperty('definitions');
      expect((await t.db.sql('select hash from checklists')).length).toBe(1);
      // The people became accounts, one per email, without passwords (an invitation sets one); their roles are kept and lead roles act as themselves.
      const users = (await t.db.sql('select email, name, password_hash from users order by email')) as {
        email: string;
        name: string;
        password_hash: unknown;
      }[];
      expect(users).toEqual([
        { email: 'lee.chen@old1.nhs.uk', name: 'Dr Lee Chen', password_hash: null },
        { email: 'priya.shah@old1.nhs.uk', name: 'Priya Shah', password_hash: null },
      ]);
      const people = (await t.db.sql('select email, role, access_role, removed_at from people order by email, role')) as Record<string, unknown>[];
      expect(people).toEqual([
        { email: 'lee.chen@old1.nhs.uk', role: 'clinical-lead', access_role: 'clinical-lead', removed_at: null },
        { email: 'priya.shah@old1.nhs.uk', role: 'implementation-lead', access_role: 'implementation-lead', removed_at: null },
        { email: 'priya.shah@old1.nhs.uk', role: 'training-lead', access_role: 'contributor', removed_at: null },
      ]);
    } finally {
      await t.close();
    }
  });
});
