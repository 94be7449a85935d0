import { OnrampClient, expectStatus, inDays, organisationWithRun, type StepJson } from '../support/onramp-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKinds } from '../support/test-database';

/** Every checklist rule, seen from a client: 409 problem+json with a stable code, and nothing written. */
describe.each(testDatabaseKinds())('onboarding invariants through HTTP on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  const find = (steps: StepJson[], predicate: (s: StepJson) => boolean, what: string) => {
    const found = steps.find(predicate);
    if (!found) throw new Error(`the core catalogue has no ${what}`);
    return found;
  };

  /** Settles a step and everything it depends on, as the leads would. */
  async function settle(ods: string, lead: OnrampClient, clinical: OnrampClient, stepId: string, steps: StepJson[]): Promise<void> {
    const step = steps.find((s) => s.id === stepId)!;
    for (const dep of step.dependsOn) await settle(ods, lead, clinical, dep, steps);
    const current = (await lead.run(ods)).steps.find((s) => s.id === stepId)!;
    if (current.status === 'done') return;
    expectStatus(await lead.step(ods, stepId, 'complete', OnrampClient.evidenceFor(step)), 200);
    if (step.signOffRole) expectStatus(await (step.signOffRole === 'clinical-lead' ? clinical : lead).step(ods, stepId, 'sign-off'), 200);
  }

  async function expectRefused(res: import('supertest').Response, status: number, code: string, ods: string, client: OnrampClient, versionBefore: number) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    // The problem's own status member is the HTTP status, whatever details the error carries.
    expect(res.body.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(typeof res.body.detail).toBe('string');
    expect((await client.run(ods)).version).toBe(versionBefore);
  }

  it('refuses completion while a dependency is neither done nor waived, naming it', async () => {
    const { ods, lead, run } = await organisationWithRun(t);
    const step = find(run.steps, (s) => s.dependsOn.length > 0, 'step with dependencies');
    const res = await lead.step(ods, step.id, 'complete', OnrampClient.evidenceFor(step));
    await expectRefused(res, 409, 'ONBOARDING.DEPENDENCY_INCOMPLETE', ods, lead, run.version);
    expect(res.body.pending).toEqual(expect.arrayContaining(step.dependsOn.slice(0, 1)));
  });

  it('refuses completion without the required evidence, and with evidence the step does not ask for', async () => {
    const { ods, lead, run } = await organisationWithRun(t);
    const step = find(run.steps, (s) => s.dependsOn.length === 0 && s.evidenceRequired.length > 0, 'root step with evidence');
    const missing = await lead.step(ods, step.id, 'complete', { evidence: [] });
    await expectRefused(missing, 409, 'ONBOARDING.EVIDENCE_MISSING', ods, lead, run.version);
    expect(missing.body.missing).toEqual(step.evidenceRequired.map((e) => e.key));
    const unknown = await lead.step(ods, step.id, 'complete', {
      evidence: [...OnrampClient.evidenceFor(step).evidence, { key: 'made-up-evidence', reference: 'x://y' }],
    });
    await expectRefused(unknown, 400, 'ONBOARDING.UNKNOWN_EVIDENCE_KEY', ods, lead, run.version);
  });

  it('lets only a holder of the sign-off role sign off, and keeps the step not done until then', async () => {
    const { ods, lead, clinical, run } = await organisationWithRun(t);
    const step = find(run.steps, (s) => s.signOffRole === 'clinical-lead', 'step signed off by the clinical lead');
    for (const dep of step.dependsOn) await settle(ods, lead, clinical, dep, run.steps);
    const completed = await lead.step(ods, step.id, 'complete', OnrampClient.evidenceFor(step));
    expect(completed.body.step.status).toBe('awaiting-sign-off');
    const readiness = await lead.get(`/api/v1/organisations/${ods}/readiness`);
    if (run.steps.find((s) => s.id === step.id)!.gate) expect(readiness.body.gate.missing.map((m: { id: string }) => m.id)).toContain(step.id);

    const wrongRole = await lead.step(ods, step.id, 'sign-off');
    await expectRefused(wrongRole, 409, 'ONBOARDING.SIGN_OFF_ROLE_REQUIRED', ods, lead, completed.body.version);
    expect(wrongRole.body).toMatchObject({ required: 'clinical-lead', actual: 'implementation-lead' });

    const signed = await clinical.step(ods, step.id, 'sign-off', { note: 'clinically reviewed' });
    expectStatus(signed, 200);
    expect(signed.body.step).toMatchObject({ status: 'done', signedOffBy: { role: 'clinical-lead' } });
  });

  it('refuses sign-off of a step that has no sign-off role', async () => {
    const { ods, lead, run } = await organisationWithRun(t);
    const step = find(run.steps, (s) => s.dependsOn.length === 0 && s.signOffRole === null, 'root step without sign-off');
    const done = await lead.step(ods, step.id, 'complete', OnrampClient.evidenceFor(step));
    expect(done.body.step.status).toBe('done');
    await expectRefused(await lead.step(ods, step.id, 'sign-off'), 409, 'ONBOARDING.SIGN_OFF_NOT_REQUIRED', ods, lead, done.body.version);
  });

  it('lets only the clinical lead waive a go-live gate step, and needs a reason', async () => {
    const { ods, lead, clinical, run } = await organisationWithRun(t);
    const gate = find(run.steps, (s) => s.gate, 'gate step');
    await expectRefused(
      await lead.step(ods, gate.id, 'waive', { reason: 'We do not think this applies to us' }),
      409,
      'ONBOARDING.GATE_WAIVER_REQUIRES_CLINICAL_LEAD',
      ods,
      lead,
      run.version,
    );
    await expectRefused(await clinical.step(ods, gate.id, 'waive', { reason: 'no' }), 400, 'REQUEST.VALIDATION_FAILED', ods, lead, run.version);
    const waived = await clinical.step(ods, gate.id, 'waive', { reason: 'Not applicable: tertiary service, agreed at board' });
    expectStatus(waived, 200);
    expect(waived.body.step).toMatchObject({
      status: 'waived',
      waivedBy: { role: 'clinical-lead' },
      waiverReason: 'Not applicable: tertiary service, agreed at board',
    });
    // A waived dependency no longer blocks its dependents.
    const dependent = run.steps.find((s) => s.dependsOn.length === 1 && s.dependsOn[0] === gate.id);
    if (dependent) expectStatus(await lead.step(ods, dependent.id, 'complete', OnrampClient.evidenceFor(dependent)), 200);
  });

  it('lets a non-gate step be waived by the implementation lead, unless it is the clinical lead’s to sign off', async () => {
    const { ods, lead, clinical, run } = await organisationWithRun(t);
    const step = find(run.steps, (s) => !s.gate && s.signOffRole === null, 'non-gate step without sign-off');
    const res = await lead.step(ods, step.id, 'waive', { reason: 'Covered by the shared service with our partner trust' });
    expectStatus(res, 200);
    expect(res.body.step.status).toBe('waived');

    const clinicalStep = find(run.steps, (s) => !s.gate && s.signOffRole === 'clinical-lead', 'non-gate step signed off by the clinical lead');
    await expectRefused(
      await lead.step(ods, clinicalStep.id, 'waive', { reason: 'We do not think this applies to us' }),
      409,
      'ONBOARDING.WAIVER_REQUIRES_SIGN_OFF_ROLE',
      ods,
      lead,
      res.body.version,
    );
    expectStatus(await clinical.step(ods, clinicalStep.id, 'waive', { reason: 'No clinical content in this service line' }), 200);
  });

  it('refuses to reopen a step whose dependents are completed, then reopens once they are', async () => {
    const { ods, lead, clinical, run } = await organisationWithRun(t);
    const child = find(
      run.steps,
      (s) => s.dependsOn.length === 1 && s.signOffRole === null && run.steps.find((p) => p.id === s.dependsOn[0])!.dependsOn.length === 0,
      'step with one root dependency',
    );
    await settle(ods, lead, clinical, child.id, run.steps);
    const parent = child.dependsOn[0];
    const version = (await lead.run(ods)).version;
    const refused = await lead.step(ods, parent, 'reopen', { reason: 'Lead left the organisation' });
    await expectRefused(refused, 409, 'ONBOARDING.DEPENDENTS_PROGRESSED', ods, lead, version);
    expect(refused.body.dependents).toContain(child.id);
    expectStatus(await lead.step(ods, child.id, 'reopen', { reason: 'Evidence link was wrong' }), 200);
    const reopened = await lead.step(ods, parent, 'reopen', { reason: 'Lead left the organisation' });
    expectStatus(reopened, 200);
    expect(reopened.body.step.status).toBe('in-progress');
  });

  it('refuses invalid transitions: completing a done step, starting a started one, reopening an open one', async () => {
    const { ods, lead, run } = await organisationWithRun(t);
    const step = find(run.steps, (s) => s.dependsOn.length === 0 && s.signOffRole === null, 'root step without sign-off');
    const started = await lead.step(ods, step.id, 'start');
    expectStatus(started, 200);
    const again = await lead.step(ods, step.id, 'start');
    await expectRefused(again, 409, 'ONBOARDING.INVALID_TRANSITION', ods, lead, started.body.version);
    expect(again.body).toMatchObject({ stepId: step.id, stepStatus: 'in-progress', action: 'started' });
    await expectRefused(
      await lead.step(ods, step.id, 'reopen', { reason: 'nothing to reopen here' }),
      409,
      'ONBOARDING.INVALID_TRANSITION',
      ods,
      lead,
      started.body.version,
    );
    const done = await lead.step(ods, step.id, 'complete', OnrampClient.evidenceFor(step));
    await expectRefused(
      await lead.step(ods, step.id, 'complete', OnrampClient.evidenceFor(step)),
      409,
      'ONBOARDING.INVALID_TRANSITION',
      ods,
      lead,
      done.body.version,
    );
  });

  it('refuses a second run, an unknown step, and a go-live date that is not in the future', async () => {
    const { ods, lead, run } = await organisationWithRun(t);
    const again = await lead.post(`/api/v1/organisations/${ods}/onboarding`, { goLiveDate: inDays(300) });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ONBOARDING.RUN_ALREADY_STARTED');
    await expectRefused(await lead.step(ods, 'core.no-such-step', 'start'), 404, 'ONBOARDING.STEP_NOT_FOUND', ods, lead, run.version);
    await expectRefused(
      await lead.post(`/api/v1/organisations/${ods}/onboarding/go-live-date`, { goLiveDate: '2020-01-01' }),
      400,
      'ONBOARDING.GO_LIVE_DATE_IN_PAST',
      ods,
      lead,
      run.version,
    );
  });

  it('moves every due date with the go-live date and records why', async () => {
    const { ods, lead, run } = await organisationWithRun(t);
    const later = inDays(900);
    const moved = await lead.post(`/api/v1/organisations/${ods}/onboarding/go-live-date`, { goLiveDate: later, reason: 'PAS upgrade slipped' });
    expectStatus(moved, 200);
    expect(moved.body.goLiveDate).toBe(later);
    expect(moved.body.version).toBe(run.version + 1);
    const golive = moved.body.steps.find((s: StepJson) => s.id === 'core.go-live');
    expect(golive.dueDate).toBe(later);
    const audit = await lead.get(`/api/v1/organisations/${ods}/audit?limit=500`);
    const last = audit.body.items.at(-1);
    expect(last).toMatchObject({ type: 'GoLiveDateChanged', payload: { from: run.goLiveDate, to: later, reason: 'PAS upgrade slipped' } });
  });

  it('assigns only people recorded for the organisation', async () => {
    const { ods, lead, run, admin } = await organisationWithRun(t);
    const other = await admin.registerOrganisation('community');
    const outsider = await admin.addPerson(other, 'it-lead');
    const res = await lead.step(ods, run.steps[0].id, 'assign', { personId: outsider });
    await expectRefused(res, 422, 'ONBOARDING.ASSIGNEE_NOT_FOUND', ods, lead, run.version);
  });
});
