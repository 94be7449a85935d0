import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CheckpointWriter } from '../../apps/onramp/src/audit';
import { hashEntry } from '../../apps/onramp/src/audit/domain/hash-chain';
import { OnrampClient, expectStatus, organisationWithRun, type StepJson } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

interface EntryRow {
  id: string | number;
  organisation: string;
  seq: number;
  type: string;
  payload: string;
  actor_id: string;
  actor_role: string;
  actor_label: string | null;
  occurred_at: string;
  correlation_id: string;
  event_id: string | null;
  causation_id: string | null;
  hash_version: number;
  prev_hash: string;
  hash: string;
}

/**
 * An insider with write access to the database (the SQLite file, or PostgreSQL) but not to the
 * signing key rewrites the trail in each way a probe did, and `audit verify` must notice every one.
 */
describe.each(testDatabaseKinds())('the audit trail against an insider who can write the %s database', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  const verify = async (client: OnrampClient, ods: string) => (await client.get(`/api/v1/organisations/${ods}/audit/verify`)).body;
  const entries = async (ods: string) =>
    (await t.db.sql(`select * from audit_events where organisation = $1 order by seq`.replace('$1', kind === 'sqlite' ? '?' : '$1'), [ods])) as EntryRow[];
  const p = (n: number) => (kind === 'sqlite' ? '?' : `$${n}`);

  /** A trail with completed steps and a revoked token, anchored by a checkpoint as the schedule would write it. */
  async function anchoredTrail() {
    const o = await organisationWithRun(t);
    const roots = o.run.steps.filter((s: StepJson) => s.dependsOn.length === 0 && !s.signOffRole).slice(0, 3);
    for (const s of roots) expectStatus(await o.lead.step(o.ods, s.id, 'complete', OnrampClient.evidenceFor(s)), 200);
    const extra = await o.admin.post('/api/v1/tokens', { organisation: o.ods, role: 'viewer', label: 'to be revoked' });
    expectStatus(extra, 201);
    expectStatus(await o.admin.post(`/api/v1/tokens/${extra.body.id}/revoke`), 200);
    await t.app.get(CheckpointWriter).checkpointMovedChains();
    const before = await verify(o.lead, o.ods);
    expect(before).toMatchObject({ valid: true, firstBrokenAt: null, reason: null, unexplained: [], entriesAuthenticated: true });
    expect(before.anchoredAt).toBe(before.checked);
    return { ...o, revokedTokenId: extra.body.id as string, count: before.checked as number };
  }

  /** Re-hashes entries from `fromSeq` on and moves the head: the consistent rewrite a plain hash chain cannot catch. */
  async function rehashFrom(ods: string, fromSeq: number) {
    const rows = await entries(ods);
    let prev = rows.find((r) => r.seq === fromSeq - 1)?.hash ?? '0'.repeat(64);
    for (const r of rows.filter((x) => x.seq >= fromSeq)) {
      const hash = hashEntry({
        organisation: r.organisation,
        seq: r.seq,
        type: r.type,
        payload: r.payload,
        actorId: r.actor_id,
        actorRole: r.actor_role,
        actorLabel: r.actor_label,
        occurredAt: r.occurred_at,
        correlationId: r.correlation_id,
        eventId: r.event_id,
        causationId: r.causation_id,
        hashVersion: Number(r.hash_version),
        prevHash: prev,
      });
      await t.db.sql(`update audit_events set prev_hash = ${p(1)}, hash = ${p(2)} where id = ${p(3)}`, [prev, hash, r.id]);
      prev = hash;
    }
    await t.db.sql(`update audit_heads set head = ${p(1)} where chain = ${p(2)}`, [prev, ods]);
  }

  it('detects an entry edited with every later hash and the head recomputed', async () => {
    const { ods, lead } = await anchoredTrail();
    await t.db.sql(`update audit_events set payload = replace(payload, 'done in test', 'never done') where organisation = ${p(1)} and type = 'StepCompleted'`, [
      ods,
    ]);
    const edited = (await entries(ods)).find((r) => r.type === 'StepCompleted')!.seq;
    await rehashFrom(ods, edited);

    const result = await verify(lead, ods);
    expect(result).toMatchObject({ valid: false, firstBrokenAt: edited });
    expect(result.reason).toMatch(/seal|authentication|not written by Onramp|checkpoint/i);
  });

  it('detects the newest entries deleted with the head moved back to match', async () => {
    const { ods, lead, count } = await anchoredTrail();
    const rows = await entries(ods);
    await t.db.sql(`delete from audit_events where organisation = ${p(1)} and seq > ${p(2)}`, [ods, count - 2]);
    await t.db.sql(`update audit_heads set seq = ${p(1)}, head = ${p(2)} where chain = ${p(3)}`, [count - 2, rows[count - 3].hash, ods]);

    const result = await verify(lead, ods);
    expect(result.valid).toBe(false);
    expect(result.reason).toMatch(/checkpoint/i);
    expect(result.reason).toMatch(new RegExp(String(count)));
  });

  it('detects the whole trail deleted', async () => {
    const { ods, lead } = await anchoredTrail();
    await t.db.sql(`delete from audit_events where organisation = ${p(1)}`, [ods]);
    await t.db.sql(`delete from audit_heads where chain = ${p(1)}`, [ods]);

    const result = await verify(lead, ods);
    expect(result).toMatchObject({ valid: false, checked: 0 });
    expect(result.reason).toMatch(/checkpoint/i);
  });

  it('detects a forged entry appended with a valid hash and the head moved to it', async () => {
    const { ods, lead, count } = await anchoredTrail();
    const last = (await entries(ods)).at(-1)!;
    const forged = { ...last, seq: count + 1, event_id: 'forged', prev_hash: last.hash, payload: '{"note":"forged"}' };
    const hash = hashEntry({
      organisation: forged.organisation,
      seq: forged.seq,
      type: forged.type,
      payload: forged.payload,
      actorId: forged.actor_id,
      actorRole: forged.actor_role,
      actorLabel: forged.actor_label,
      occurredAt: forged.occurred_at,
      correlationId: forged.correlation_id,
      eventId: forged.event_id,
      causationId: forged.causation_id,
      hashVersion: Number(forged.hash_version),
      prevHash: forged.prev_hash,
    });
    await t.db.sql(
      `insert into audit_events (organisation, seq, type, payload, actor_id, actor_role, actor_label, occurred_at, correlation_id, event_id, causation_id, hash_version, prev_hash, hash, mac) values (${[...Array(15)].map((_, i) => p(i + 1)).join(', ')})`,
      [
        forged.organisation,
        forged.seq,
        forged.type,
        forged.payload,
        forged.actor_id,
        forged.actor_role,
        forged.actor_label,
        forged.occurred_at,
        forged.correlation_id,
        forged.event_id,
        forged.causation_id,
        forged.hash_version,
        forged.prev_hash,
        hash,
        'f'.repeat(64),
      ],
    );
    await t.db.sql(`update audit_heads set seq = ${p(1)}, head = ${p(2)} where chain = ${p(3)}`, [count + 1, hash, ods]);

    const result = await verify(lead, ods);
    expect(result).toMatchObject({ valid: false, firstBrokenAt: count + 1 });
  });

  it('detects the go/no-go decision marked done directly in the run’s stored state', async () => {
    const { ods, lead } = await anchoredTrail();
    const [row] = (await t.db.sql(`select state from onboarding_runs where organisation = ${p(1)}`, [ods])) as { state: unknown }[];
    const state = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as { steps: Record<string, object> };
    state.steps['core.go-no-go-decision'] = { status: 'done', completedAt: new Date().toISOString(), settledAt: new Date().toISOString() };
    await t.db.sql(`update onboarding_runs set state = ${p(1)} where organisation = ${p(2)}`, [JSON.stringify(state), ods]);

    const result = await verify(lead, ods);
    expect(result.valid).toBe(false);
    expect(result.unexplained).toContainEqual(expect.stringMatching(/core\.go-no-go-decision is stored as done but the trail says not-started/));
  });

  it('detects a revoked token made active again by clearing revoked_at', async () => {
    const { ods, lead, revokedTokenId } = await anchoredTrail();
    await t.db.sql(`update api_tokens set revoked_at = null where id = ${p(1)}`, [revokedTokenId]);

    const result = await verify(lead, ods);
    expect(result.valid).toBe(false);
    expect(result.unexplained).toContainEqual(
      expect.stringContaining(`token ${revokedTokenId} was revoked on the trail but the database shows it active again`),
    );
  });

  it('detects a token row inserted without ever being issued', async () => {
    const { ods, lead } = await anchoredTrail();
    const id = '00000000-0000-4000-8000-000000000001';
    await t.db.sql(
      `insert into api_tokens (id, token_hash, organisation, role, label, created_by, created_at) values (${p(1)}, ${p(2)}, ${p(3)}, 'implementation-lead', 'backdoor', 'admin', ${p(4)})`,
      [id, 'a'.repeat(64), ods, kind === 'sqlite' ? Date.now() : new Date()],
    );

    const result = await verify(lead, ods);
    expect(result.valid).toBe(false);
    expect(result.unexplained).toContainEqual(expect.stringContaining(`token ${id}`));
  });

  it('reports every broken chain from the command line and exits 2', async () => {
    const { ods } = await anchoredTrail();
    await t.db.sql(`update audit_events set payload = replace(payload, 'done in test', 'x') where organisation = ${p(1)}`, [ods]);
    const res = spawnSync(join(__dirname, '../../node_modules/.bin/node'), [join(__dirname, '../../dist/apps/onramp/src/cli.js'), 'audit', 'verify', ods], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: kind === 'sqlite' ? `sqlite:${(t.config.database as { path: string }).path}` : (t.config.database as { url: string }).url,
        ONRAMP_DATA_DIR: t.config.dataDir,
        ONRAMP_AUDIT_CHECKPOINT_DIR: t.config.auditCheckpointDir,
        ONRAMP_AUDIT_SIGNING_KEY_FILE: t.config.auditSigningKeyFile!,
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 2, stderr: '' });
    expect(res.stdout).toContain(`${ods}: BROKEN`);
  });
});
