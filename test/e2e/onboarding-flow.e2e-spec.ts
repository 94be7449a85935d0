import { OnrampClient, expectStatus, inDays, type StepJson } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

describe.each(testDatabaseKinds())('a full onboarding through the API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it('takes one organisation from registration to a green go-live gate', async () => {
    const admin = new OnrampClient(t, t.adminToken);

    // Registration normalises the ODS code to upper case.
    const registered = await admin.post('/api/v1/organisations', { odsCode: 'rx1 ', name: 'Flow Test Hospitals NHS Trust', type: 'acute' });
    expectStatus(registered, 201);
    expect(registered.body).toMatchObject({ odsCode: 'RX1', type: 'acute' });
    const ods = 'RX1';

    const lead = admin.as(await admin.createToken(ods, 'implementation-lead'));
    const clinical = admin.as(await admin.createToken(ods, 'clinical-lead'));
    // The people who do the work are not the leads who sign it off (four eyes).
    const worker = admin.as(await admin.createToken(ods, 'contributor'));

    const catalogue = await lead.get('/api/v1/catalogue');
    expectStatus(catalogue, 200);
    const goLiveDate = inDays(365);
    const started = await lead.startRun(ods, goLiveDate);
    expect(started.catalogueVersion).toBe(catalogue.body.version);
    expect(started.goLiveDate).toBe(goLiveDate);
    // The core checklist plus the acute plugin's steps, each saying where it came from.
    const coreIds = (catalogue.body.steps as StepJson[]).map((s) => s.id);
    expect(
      started.steps
        .filter((s) => s.id.startsWith('core.'))
        .map((s) => s.id)
        .sort(),
    ).toEqual([...coreIds].sort());
    const acute = started.steps.filter((s) => s.id.startsWith('acute.'));
    expect(acute.length).toBeGreaterThan(0);
    expect(started.steps).toHaveLength(coreIds.length + acute.length);
    expect((started as unknown as { plugins: unknown }).plugins).toEqual([{ id: 'acute', version: expect.any(String) }]);
    expect(started.steps.every((s) => s.status === 'not-started')).toBe(true);

    // People for every owner role the run names.
    const roles = [...new Set(started.steps.map((s) => s.ownerRole))];
    const people = new Map<string, string>();
    for (const role of roles) people.set(role, await lead.addPerson(ods, role));
    const listed = await lead.get(`/api/v1/organisations/${ods}/people`);
    expect(listed.body.items).toHaveLength(roles.length);

    const before = await lead.get(`/api/v1/organisations/${ods}/readiness`);
    expect(before.body.gate.go).toBe(false);
    expect(before.body.score).toBe(0);

    // Assign every step to the person holding its owner role.
    for (const step of started.steps) {
      const res = await lead.step(ods, step.id, 'assign', { personId: people.get(step.ownerRole) });
      expectStatus(res, 200);
      expect(res.body.step.assignee.id).toBe(people.get(step.ownerRole));
    }

    // Work through the checklist in dependency order, as the people would.
    let run = await lead.run(ods);
    const settled = new Set<string>();
    while (settled.size < run.steps.length) {
      const ready = run.steps.filter((s) => !settled.has(s.id) && s.dependsOn.every((d) => settled.has(d)));
      expect(ready.length).toBeGreaterThan(0);
      for (const step of ready) {
        expectStatus(await worker.step(ods, step.id, 'start'), 200);
        const done = await worker.step(ods, step.id, 'complete', OnrampClient.evidenceFor(step));
        expectStatus(done, 200);
        expect(done.body.step.status).toBe(step.signOffRole ? 'awaiting-sign-off' : 'done');
        if (step.signOffRole) {
          const signer = step.signOffRole === 'clinical-lead' ? clinical : lead;
          const signed = await signer.step(ods, step.id, 'sign-off', { note: 'reviewed' });
          expectStatus(signed, 200);
          expect(signed.body.step.status).toBe('done');
        }
        settled.add(step.id);
      }
      run = await lead.run(ods);
    }

    const readiness = await lead.get(`/api/v1/organisations/${ods}/readiness`);
    expectStatus(readiness, 200);
    expect(readiness.body.gate).toEqual({ go: true, missing: [] });
    expect(readiness.body.score).toBe(100);
    expect(readiness.body.rag.status).toBe('green');
    expect(readiness.body.blockers).toEqual([]);
    expect(readiness.body.counts.done).toBe(run.steps.length);

    // Everything that happened is in the trail, and the trail verifies.
    const audit = await lead.get(`/api/v1/organisations/${ods}/audit?limit=500`);
    const types = (audit.body.items as { type: string }[]).map((e) => e.type);
    expect(types[0]).toBe('OrganisationRegistered');
    expect(types).toContain('OnboardingStarted');
    expect(types.filter((x) => x === 'StepCompleted')).toHaveLength(run.steps.length);
    const verify = await lead.get(`/api/v1/organisations/${ods}/audit/verify`);
    expect(verify.body).toMatchObject({ valid: true, firstBrokenAt: null });
    expect(verify.body.checked).toBeGreaterThan(run.steps.length * 3);
  });
});
