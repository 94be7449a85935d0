import type { OnboardingRun } from '../../onboarding';
import type { OrganisationEntity, Person } from '../../organisations';
import type { OrganisationRef, Recipient, StepCard } from '../../platform/rendering/template-models';

/** Links in emails open Onramp's pages at its public URL (through sign-in when needed, then back to the page). */
export const runLink = (publicUrl: string, ods: string) => `${publicUrl}/organisations/${encodeURIComponent(ods)}`;
export const stepLink = (publicUrl: string, ods: string, stepId: string) => `${runLink(publicUrl, ods)}/steps/${encodeURIComponent(stepId)}`;

export const organisationRef = (o: Pick<OrganisationEntity, 'odsCode' | 'name'>): OrganisationRef => ({ odsCode: o.odsCode, name: o.name });
export const recipientOf = (p: Pick<Person, 'name' | 'email' | 'role'>): Recipient => ({ name: p.name, email: p.email, role: p.role });

export function stepCard(run: OnboardingRun, stepId: string, publicUrl: string): StepCard {
  const { definition: d, dueDate } = run.step(stepId);
  return {
    id: d.id,
    title: d.title,
    area: d.area,
    ownerRole: d.ownerRole,
    guidance: d.guidance,
    source: d.source,
    dueDate,
    gate: d.gate,
    signOffRole: d.signOffRole,
    evidenceRequired: d.evidence.map((e) => ({ key: e.key, description: e.description })),
    link: stepLink(publicUrl, run.organisation, d.id),
  };
}

/** Who hears about a step: its assignee, or, while nobody is assigned, everyone holding its owner role. */
export function stepRecipients<P extends Pick<Person, 'id' | 'role'>>(run: OnboardingRun, stepId: string, people: P[]): P[] {
  const { definition, state } = run.step(stepId);
  if (state.assigneeId) return people.filter((p) => p.id === state.assigneeId);
  return people.filter((p) => p.role === definition.ownerRole);
}
