import { QueryBus } from '@nestjs/cqrs';
import { Client } from 'pg';
import { AccountService } from '../../apps/onramp/src/identity';
import { ListMyWork, type MyWorkItem } from '../../apps/onramp/src/onboarding';
import { listMyWorkSql } from '../../apps/onramp/src/onboarding/queries/list-my-work/list-my-work.handler';
import { expectStatus, OnrampClient, organisationWithRun, type StepJson } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';
import { aPerson } from '../support/web-session';

const unsettled = (s: { status: string }) => s.status !== 'done' && s.status !== 'waived';

describe.each(testDatabaseKinds())('ListMyWork on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  const myWork = async (userId: string) => {
    const account = await t.app.get(AccountService).account(userId);
    if (!account) throw new Error('no account');
    return { account, result: await t.app.get(QueryBus).execute(new ListMyWork(account.email, account.memberships)) };
  };

  it('lists, across organisations, the steps assigned to the person, owned by their duties and unassigned, and awaiting the sign-off their role gives; nothing settled and nothing of anyone else', async () => {
    const a = await organisationWithRun(t);
    const b = await organisationWithRun(t);
    const c = await organisationWithRun(t); // the person holds no role here
    const email = `sam.patel.${a.ods.toLowerCase()}@example.nhs.uk`;
    const inA = await aPerson(t, { ods: a.ods, role: 'service-manager', accessRole: 'contributor', name: 'Sam Patel', email });
    const inB = await aPerson(t, { ods: b.ods, role: 'clinical-lead', accessRole: 'clinical-lead', name: 'Sam Patel', email });
    const colleague = await a.lead.addPerson(a.ods, 'service-manager', 'Alex Jones');
    const inC = await c.lead.addPerson(c.ods, 'service-manager', 'Someone Else');

    const stepOf = (run: { steps: StepJson[] }, id: string) => run.steps.find((s) => s.id === id)!;
    // A: an IT lead step assigned to Sam, a service-manager step assigned to a colleague.
    expectStatus(await a.lead.step(a.ods, 'core.liaise-with-pas-supplier', 'assign', { personId: inA.personId }), 200);
    expectStatus(await a.lead.step(a.ods, 'core.map-services-to-specialties-and-clinic-types', 'assign', { personId: colleague }), 200);
    // B: a step awaiting the clinical lead's sign-off, and one assigned to Sam that is done.
    for (const id of ['core.appoint-implementation-lead', 'core.nominate-clinical-lead', 'core.appoint-clinical-safety-officer'])
      expectStatus(await b.lead.step(b.ods, id, 'complete', OnrampClient.evidenceFor(stepOf(b.run, id))), 200);
    expectStatus(await b.lead.step(b.ods, 'core.dedicate-it-lead', 'assign', { personId: inB.personId }), 200);
    expectStatus(await b.lead.step(b.ods, 'core.dedicate-it-lead', 'complete', OnrampClient.evidenceFor(stepOf(b.run, 'core.dedicate-it-lead'))), 200);
    // C: a service-manager step assigned to someone of C (Sam is not of C).
    expectStatus(await c.lead.step(c.ods, 'core.build-services-on-directory-of-services', 'assign', { personId: inC }), 200);

    const [runA, runB] = [await a.lead.run(a.ods), await b.lead.run(b.ods)];
    const expected = [
      ...runA.steps
        .filter(unsettled)
        .filter((s) => s.assignee?.id === inA.personId || (s.assignee === null && s.ownerRole === 'service-manager'))
        .map((s) => ({ key: `${a.ods}:${s.id}`, reason: s.assignee ? 'assigned' : 'owner', dueDate: s.dueDate })),
      ...runB.steps
        .filter(unsettled)
        .filter(
          (s) =>
            s.assignee?.id === inB.personId ||
            (s.assignee === null && s.ownerRole === 'clinical-lead') ||
            (s.status === 'awaiting-sign-off' && s.signOffRole === 'clinical-lead'),
        )
        .map((s) => ({
          key: `${b.ods}:${s.id}`,
          reason: s.assignee ? 'assigned' : s.status === 'awaiting-sign-off' && s.signOffRole === 'clinical-lead' ? 'sign-off' : 'owner',
          dueDate: s.dueDate,
        })),
    ];
    expect(expected.some((e) => e.reason === 'assigned')).toBe(true);
    expect(expected.some((e) => e.reason === 'sign-off')).toBe(true);
    expect(expected.some((e) => e.reason === 'owner')).toBe(true);

    const { result } = await myWork(inA.userId);
    const seen = result.items.map((i: MyWorkItem) => ({ key: `${i.organisation}:${i.stepId}`, reason: i.reason, dueDate: i.dueDate }));
    expect([...seen].sort((x, y) => x.key.localeCompare(y.key))).toEqual([...expected].sort((x, y) => x.key.localeCompare(y.key)));
    // Earliest due first, across organisations.
    expect(seen.map((s) => s.dueDate)).toEqual([...seen.map((s) => s.dueDate)].sort());
    expect(result.items.find((i) => i.organisation === a.ods)?.organisationName).toBe(`Test organisation ${a.ods}`);
    expect(result.items.some((i) => i.organisation === c.ods)).toBe(false);
    expect(result.items.some((i) => i.stepId === 'core.map-services-to-specialties-and-clinic-types')).toBe(false);
    expect(result.items.some((i) => i.stepId === 'core.dedicate-it-lead' && i.organisation === b.ods)).toBe(false);
    expect(result.truncated).toBe(false);
  });

  it('answers nothing for a person with no roles, and stops at the limit saying so', async () => {
    const nobody = await aPerson(t, { globalRole: 'national-team' });
    expect((await myWork(nobody.userId)).result.items).toEqual([]);

    const a = await organisationWithRun(t);
    const lead = await aPerson(t, { ods: a.ods, role: 'implementation-lead' });
    const account = (await t.app.get(AccountService).account(lead.userId))!;
    const all = await t.app.get(QueryBus).execute(new ListMyWork(account.email, account.memberships));
    expect(all.items.length).toBeGreaterThan(3);
    const limited = await t.app.get(QueryBus).execute(new ListMyWork(account.email, account.memberships, 3));
    expect(limited).toEqual({ items: all.items.slice(0, 3), truncated: true });
  });

  it('is answered through the indexes the handler names, not by reading the whole table', async () => {
    const a = await organisationWithRun(t);
    const person = await aPerson(t, { ods: a.ods, role: 'clinical-lead', accessRole: 'clinical-lead' });
    const account = (await t.app.get(AccountService).account(person.userId))!;
    const query = new ListMyWork(account.email, account.memberships);
    let plan: string;
    if (kind === 'sqlite') {
      const { text, params } = listMyWorkSql(query, (b) => (b ? 1 : 0));
      plan = ((await t.db.sql(`explain query plan ${text}`, params)) as { detail: string }[]).map((r) => r.detail).join('\n');
      // SEARCH is an index lookup; SCAN (even "USING INDEX") reads the table or an index end to end.
      expect(plan).not.toMatch(/^SCAN s\b/m);
    } else {
      // With so few rows a sequential scan is cheapest; forbid it to see which indexes the planner can use.
      const { text, params } = listMyWorkSql(query, (b) => b);
      let n = 0;
      const client = new Client({ connectionString: (t.db.url as { url: string }).url });
      await client.connect();
      try {
        await client.query('set enable_seqscan = off');
        const rows = (await client.query(`explain ${text.replace(/\?/g, () => `$${++n}`)}`, params)).rows as { 'QUERY PLAN': string }[];
        plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await client.end();
      }
      expect(plan).not.toMatch(/Seq Scan on onboarding_steps/);
      // Each index is searched by a condition, not read end to end with a filter.
      const lines = plan.split('\n');
      lines.forEach((line, i) => {
        if (/Index Scan (using|on) onboarding_steps_/.test(line)) expect(lines[i + 1]).toMatch(/Index Cond: \(\((assignee_id|organisation)\)/);
      });
    }
    expect(plan).toContain('onboarding_steps_assignee_id_due_date_index');
    // Either index leading with the organisation reads one checklist's rows per organisation.
    expect(plan).toMatch(/onboarding_steps_organisation_(status|due_date)_index/);
  });
});
