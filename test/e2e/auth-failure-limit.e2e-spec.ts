import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { OnrampClient, expectProblem } from '../support/onramp-client';
import { waitFor } from '../support/smtp-sink';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

/**
 * Failed authentication is limited per client address, in the database (so it holds across
 * instances). Client addresses are chosen with X-Forwarded-For, which the app believes because
 * the suite starts it with trustProxy (ONRAMP_TRUST_PROXY); one app without it shows the header
 * is then ignored. Blocks last BLOCK_SECONDS; the test waits for the end of one, never sleeps.
 */
const LIMIT = 3;
const BLOCK_SECONDS = 3;
// No mail worker: nothing here sends mail, and the lock test below should contend with the limiter alone.
const limits = { authFailureLimit: LIMIT, authFailureWindowSeconds: 60, authFailureBlockSeconds: BLOCK_SECONDS, backgroundJobs: false };

const badToken = () => `onr_${randomBytes(32).toString('base64url')}`;
let addresses = 0;
/** A fresh client address per test (TEST-NET-3), so no test inherits another's count. */
const newAddress = () => `203.0.113.${++addresses}`;

function expectBlocked(res: Response) {
  expectProblem(res, { status: 429, code: 'AUTH.TOO_MANY_FAILURES' });
  const retryAfter = Number(res.headers['retry-after']);
  expect({ retryAfter, integer: Number.isInteger(retryAfter), inRange: retryAfter >= 1 && retryAfter <= BLOCK_SECONDS }).toEqual({
    retryAfter,
    integer: true,
    inRange: true,
  });
  expect(res.body.retryAfterSeconds).toBe(retryAfter);
}

describe.each(testDatabaseKinds())('the failed-authentication limit on %s', (kind) => {
  let t: TestApp;
  /** A second instance on the same database, as behind a load balancer. */
  let other: TestApp;
  let ods: string;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { ...limits, trustProxy: true });
    other = await startTestApp(kind, { ...limits, trustProxy: true, reuse: t.db });
    const admin = new OnrampClient(t, t.adminToken);
    ods = await admin.registerOrganisation();
    viewer = await admin.createToken(ods, 'viewer');
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const get = (app: TestApp, address: string, token?: string) => {
    const r = app.http().get(`/api/v1/organisations/${ods}`).set('X-Forwarded-For', address);
    return token === undefined ? r : r.set('Authorization', `Bearer ${token}`);
  };
  async function failUntilBlocked(app: TestApp, address: string) {
    for (let i = 0; i < LIMIT; i++) expectProblem(await get(app, address, badToken()), { status: 401, code: 'AUTH.INVALID_TOKEN' });
    expectBlocked(await get(app, address, badToken()));
  }

  it(`answers ${LIMIT} bad tokens with 401 and the next with 429 and Retry-After; then refuses a valid token from that address too, until the block ends`, async () => {
    const address = newAddress();
    await failUntilBlocked(t, address);
    // While blocked the address learns nothing: a valid token, or none, is refused just the same.
    expectBlocked(await get(t, address, viewer));
    expectBlocked(await get(t, address));
    expectBlocked(await get(t, address, t.adminToken));

    // Another address is not affected, and health stays public.
    expect((await get(t, newAddress(), viewer)).status).toBe(200);
    expect((await t.http().get('/api/v1/health').set('X-Forwarded-For', address)).status).toBe(200);

    // The count is in the database, keyed by the client address.
    const rows = (await t.db.sql(`select key, points from auth_failures where key = 'auth:${address}'`)) as { key: string; points: number | string }[];
    expect(rows.map((r) => ({ key: r.key, points: Number(r.points) }))).toEqual([{ key: `auth:${address}`, points: LIMIT + 1 }]);

    // Once the block ends the valid token works again, and failures are counted afresh.
    await waitFor('the block to end', async () => (await get(t, address, viewer)).status === 200, (BLOCK_SECONDS + 10) * 1000);
    expectProblem(await get(t, address, badToken()), { status: 401, code: 'AUTH.INVALID_TOKEN' });
  });

  it('does not count requests that carry no credential', async () => {
    const address = newAddress();
    for (let i = 0; i < LIMIT * 2; i++) expectProblem(await get(t, address), { status: 401, code: 'AUTH.MISSING_TOKEN' });
    expect((await get(t, address, viewer)).status).toBe(200);
  });

  it('counts failures at every instance together', async () => {
    const address = newAddress();
    for (const app of [t, other, t]) expectProblem(await get(app, address, badToken()), { status: 401, code: 'AUTH.INVALID_TOKEN' });
    expectBlocked(await get(other, address, badToken()));
    expectBlocked(await get(other, address, viewer));
  });

  it('holds a block made at one instance at another: its first failure from the address is refused by the store, and it then refuses a valid token too', async () => {
    const address = newAddress();
    await failUntilBlocked(t, address);
    // The other instance has seen no failure from the address, and a valid token costs no store lookup.
    expect((await get(other, address, viewer)).status).toBe(200);
    expectBlocked(await get(other, address, badToken()));
    expectBlocked(await get(other, address, viewer));
  });

  const pointsOf = async (address: string) =>
    ((await t.db.sql(`select points from auth_failures where key = 'auth:${address}'`)) as { points: number | string }[]).map((r) => Number(r.points));

  it('answers a failure with 401, never 500, while another connection holds the store locked', async () => {
    const address = newAddress();
    if (t.db.url.kind === 'sqlite') {
      // Another writer (the CLI, or this process's own unit of work) holds the file's write lock
      // throughout: the failure cannot be counted, and the caller still gets a plain 401.
      const { default: Database } = await import('better-sqlite3');
      const writer = new Database(t.db.url.path);
      try {
        writer.exec('begin immediate');
        expectProblem(await get(t, address, badToken()), { status: 401, code: 'AUTH.INVALID_TOKEN' });
      } finally {
        writer.exec('rollback');
        writer.close();
      }
      expect(await pointsOf(address)).toEqual([]);
    } else {
      // PostgreSQL waits for the lock: the failure is counted once it is released.
      const { Client } = await import('pg');
      const locker = new Client({ connectionString: t.db.url.url });
      await locker.connect();
      try {
        await locker.query('begin');
        await locker.query('lock table auth_failures in exclusive mode');
        const pending = Promise.resolve(get(t, address, badToken()));
        await waitFor('the failure to wait for the lock', async () => {
          const waiting = await locker.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%auth_failures%'");
          return waiting.rowCount! > 0;
        });
        await locker.query('rollback');
        expectProblem(await pending, { status: 401, code: 'AUTH.INVALID_TOKEN' });
      } finally {
        await locker.end();
      }
      expect(await pointsOf(address)).toEqual([1]);
    }
    expectProblem(await get(t, address, badToken()), { status: 401, code: 'AUTH.INVALID_TOKEN' });
    expect((await pointsOf(address)).length).toBe(1);
  });

  it('without ONRAMP_TRUST_PROXY, counts the connection address whatever X-Forwarded-For claims', async () => {
    const direct = await startTestApp(kind, limits);
    try {
      const admin = new OnrampClient(direct, direct.adminToken);
      const own = await admin.registerOrganisation();
      const token = await admin.createToken(own, 'viewer');
      const send = (address: string, bearer: string) =>
        direct.http().get(`/api/v1/organisations/${own}`).set('X-Forwarded-For', address).set('Authorization', `Bearer ${bearer}`);
      for (let i = 0; i < LIMIT; i++) expectProblem(await send(newAddress(), badToken()), { status: 401, code: 'AUTH.INVALID_TOKEN' });
      expectBlocked(await send(newAddress(), badToken()));
      expectBlocked(await send(newAddress(), token));
    } finally {
      await direct.close();
    }
  });
});
