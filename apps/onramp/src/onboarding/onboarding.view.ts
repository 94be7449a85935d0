import { isOverdue, type OnboardingRun } from './domain/onboarding-run';
import type { PersonView } from '../organisations';
import { toIsoDate } from '../shared/domain/clock';

export type StepView = ReturnType<typeof stepView>;

export function stepView(run: OnboardingRun, stepId: string, people: Map<string, PersonView>, now: Date) {
  const { definition: d, state: s, dueDate } = run.step(stepId);
  return {
    id: d.id,
    title: d.title,
    area: d.area,
    status: s.status,
    ownerRole: d.ownerRole,
    dependsOn: d.dependsOn,
    dueDate,
    overdue: isOverdue(s.status, dueDate, toIsoDate(now)),
    gate: d.gate,
    weight: d.weight,
    signOffRole: d.signOffRole,
    evidenceRequired: d.evidence,
    assignee: s.assigneeId ? (people.get(s.assigneeId) ?? { id: s.assigneeId, name: '(removed)', email: '', role: '', createdAt: '' }) : null,
    evidence: s.evidence,
    note: s.note,
    startedAt: s.startedAt,
    completedAt: s.completedAt,
    completedBy: s.completedBy,
    signedOffAt: s.signedOffAt,
    signedOffBy: s.signedOffBy,
    waivedAt: s.waivedAt,
    waivedBy: s.waivedBy,
    waiverReason: s.waiverReason,
    history: s.history,
    addedBy: d.origin,
    guidance: d.guidance,
    source: d.source,
  };
}

export type RunView = ReturnType<typeof runView>;

export function runView(run: OnboardingRun, people: Map<string, PersonView>, now: Date) {
  return {
    id: run.id,
    organisation: run.organisation,
    version: run.version,
    catalogueVersion: run.catalogueVersion,
    plugins: run.plugins,
    goLiveDate: run.goLiveDate,
    startedAt: run.startedAt,
    steps: run.definitions.map((d) => stepView(run, d.id, people, now)),
  };
}
