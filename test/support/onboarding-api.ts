import type { Api, OnrampProcess } from './onramp-process';

/*
 * An organisation's onboarding run through the JSON API, for the browser suites' set-up: the
 * run's steps as the API gives them, and the work a journey needs done before it starts (steps
 * settled so that the one a journey is about can be completed), done as an organisation's own
 * scripts would, each action under a token of a role that may take it.
 */

export interface RunStep {
  id: string;
  title: string;
  status: string;
  ownerRole: string;
  dependsOn: string[];
  gate: boolean;
  signOffRole: string | null;
  evidenceRequired: { key: string; description: string }[];
  evidence: { key: string; reference: string }[];
  assignee: { id: string; name: string } | null;
  completedBy: { id: string; label: string } | null;
  signedOffBy: { id: string; label: string } | null;
  note: string | null;
  waiverReason: string | null;
}

export interface Run {
  version: number;
  steps: RunStep[];
}

const SETTLED = new Set(['done', 'waived']);

/** An organisation's run, and the actions the set-up takes on it. */
export class Onboarding {
  private readonly tokens = new Map<string, Promise<Api>>();

  constructor(
    private readonly onramp: OnrampProcess,
    readonly ods: string,
  ) {}

  /** A token of `role` in the organisation, made once by the admin (each token is an actor of its own). */
  as(role: 'implementation-lead' | 'clinical-lead' | 'contributor' | 'viewer'): Promise<Api> {
    if (!this.tokens.has(role)) {
      this.tokens.set(
        role,
        this.onramp.admin
          .expect(201, 'POST', '/api/v1/tokens', { organisation: this.ods, role, label: `Set-up script acting as ${role.replace('-', ' ')}` })
          .then((created) => this.onramp.admin.as(created.token as string)),
      );
    }
    return this.tokens.get(role)!;
  }

  async run(): Promise<Run> {
    return (await (await this.as('viewer')).expect(200, 'GET', `/api/v1/organisations/${this.ods}/onboarding`)) as unknown as Run;
  }

  async step(id: string): Promise<RunStep> {
    const step = (await this.run()).steps.find((s) => s.id === id);
    if (!step) throw new Error(`no step ${id} in ${this.ods}'s run`);
    return step;
  }

  /** The organisation's people as the API lists them. */
  async people(): Promise<{ id: string; name: string; email: string; role: string }[]> {
    return (await (await this.as('viewer')).expect(200, 'GET', `/api/v1/organisations/${this.ods}/people`)).items as {
      id: string;
      name: string;
      email: string;
      role: string;
    }[];
  }

  async personId(email: string): Promise<string> {
    const person = (await this.people()).find((p) => p.email === email);
    if (!person) throw new Error(`${email} holds no role in ${this.ods}`);
    return person.id;
  }

  private act(api: Api, id: string, action: string, body: object = {}) {
    return api.expect(200, 'POST', `/api/v1/organisations/${this.ods}/onboarding/steps/${encodeURIComponent(id)}/${action}`, body);
  }

  assign(id: string, personId: string) {
    return this.as('implementation-lead').then((api) => this.act(api, id, 'assign', { personId }));
  }

  start(id: string) {
    return this.as('contributor').then((api) => this.act(api, id, 'start'));
  }

  /** Completed by the set-up's contributor token, with a reference for each evidence requirement. */
  async complete(id: string): Promise<void> {
    const step = await this.step(id);
    const evidence = step.evidenceRequired.map((e) => ({ key: e.key, reference: `Set-up record for ${e.key}` }));
    await this.act(await this.as('contributor'), id, 'complete', { evidence });
  }

  /** Signed off under a token of the step's sign-off role (not the contributor who completed it). */
  async signOff(id: string): Promise<void> {
    const step = await this.step(id);
    await this.act(await this.as(step.signOffRole as 'implementation-lead' | 'clinical-lead'), id, 'sign-off', { note: 'Checked by the set-up script' });
  }

  waive(id: string, reason = 'Not part of this organisation’s rollout') {
    return this.as('clinical-lead').then((api) => this.act(api, id, 'waive', { reason }));
  }

  reopen(id: string, reason = 'The evidence needs another look') {
    return this.as('implementation-lead').then((api) => this.act(api, id, 'reopen', { reason }));
  }

  /** Done: its prerequisites settled first, then completed and, where it needs it, signed off. */
  async settle(id: string): Promise<void> {
    const run = await this.run();
    const step = run.steps.find((s) => s.id === id)!;
    if (SETTLED.has(step.status)) return;
    for (const dependency of step.dependsOn) await this.settle(dependency);
    if (step.status !== 'awaiting-sign-off') await this.complete(id);
    if (step.signOffRole) await this.signOff(id);
  }

  /** Everything a step waits on settled, so it can be completed now. */
  async readyToComplete(id: string): Promise<RunStep> {
    for (const dependency of (await this.step(id)).dependsOn) await this.settle(dependency);
    return this.step(id);
  }

  /**
   * The step matching `wanted` with the fewest prerequisites still to settle (counted through the
   * whole chain), so the set-up does the least work; it throws when the checklist has none.
   */
  async choose(wanted: (s: RunStep) => boolean, what: string): Promise<RunStep> {
    const run = await this.run();
    const byId = new Map(run.steps.map((s) => [s.id, s]));
    const open = (id: string, seen = new Set<string>()): Set<string> => {
      for (const d of byId.get(id)!.dependsOn) if (!seen.has(d) && !SETTLED.has(byId.get(d)!.status)) open(d, seen.add(d));
      return seen;
    };
    const candidates = run.steps.filter((s) => s.status === 'not-started' && wanted(s)).sort((a, b) => open(a.id).size - open(b.id).size);
    if (!candidates.length) throw new Error(`${this.ods}'s checklist has no ${what}`);
    return candidates[0];
  }
}
