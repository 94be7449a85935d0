import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { isSettled, type OnboardingRun } from '../../onboarding/domain/onboarding-run';
import { StepAssigned, StepCompleted, StepSignedOff, StepWaived, type OnboardingEvent } from '../../onboarding/domain/onboarding.events';
import type { OrganisationEntity } from '../../organisations/persistence/organisation.entity';
import { PersonEntity } from '../../organisations/persistence/person.entity';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock, toIsoDate } from '../../shared/domain/clock';
import type { Actor, PersonRole } from '../../shared/domain/roles';
import { ROLE_DUTIES } from '../templates/role-duties';
import type { RoleWelcomeModel, SignOffRequestedModel, StepAssignedModel, StepUnblockedModel } from '../templates/template-models';
import { organisationRef, recipientOf, runLink, stepCard, stepLink, stepRecipients } from './email-models';
import { Outbox } from './outbox';

/**
 * Decides which emails a change causes and queues them in the change's own transaction: assignment,
 * sign-off requested, steps unblocked, and the welcome for a person given a role.
 */
@Injectable()
export class NotificationPlanner {
  constructor(
    private readonly outbox: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onRunEvents(em: EntityManager, organisation: OrganisationEntity, run: OnboardingRun, events: OnboardingEvent[], actor: Actor): Promise<void> {
    const people = await em.find(PersonEntity, { organisation: organisation.odsCode });
    const byId = new Map(people.map((p) => [p.id, p]));
    const today = toIsoDate(this.clock.now());
    const org = organisationRef(organisation);
    const card = (stepId: string) => stepCard(run, stepId, this.config.publicUrl);
    const send = (
      person: PersonEntity,
      purpose: string,
      stepId: string,
      occurrence: string,
      template: Parameters<Outbox['enqueue']>[1]['template'],
      data: object,
    ) =>
      this.outbox.enqueue(em, {
        identity: { recipient: person.email, purpose, subjectEntity: `${run.id}/${stepId}`, occurrence },
        recipientName: person.name,
        organisation: organisation.odsCode,
        template,
        data,
      });

    for (const event of events) {
      if (event instanceof StepAssigned) {
        const person = byId.get(event.assigneeId);
        if (person)
          await send(person, 'step-assigned', event.stepId, `assigned@${event.occurredAt}`, 'step-assigned', {
            recipient: recipientOf(person),
            organisation: org,
            step: card(event.stepId),
            today,
            assignedBy: actor.label,
          } satisfies StepAssignedModel);
      }
      if (event instanceof StepCompleted && event.awaitingSignOff) {
        const { definition, state } = run.step(event.stepId);
        const signers = people.filter((p) => p.role === definition.signOffRole);
        for (const person of signers) {
          await send(person, 'sign-off-requested', event.stepId, `completed@${event.occurredAt}`, 'sign-off-requested', {
            recipient: recipientOf(person),
            organisation: org,
            step: card(event.stepId),
            today,
            completedBy: state.completedBy?.label ?? actor.label,
            completedAt: event.occurredAt,
            evidence: event.evidence.map((e) => ({
              key: e.key,
              reference: e.reference,
              description: definition.evidence.find((r) => r.key === e.key)?.description ?? e.key,
            })),
            note: event.note,
          } satisfies SignOffRequestedModel);
        }
      }
      const settled = (event instanceof StepCompleted && !event.awaitingSignOff) || event instanceof StepSignedOff || event instanceof StepWaived;
      if (settled) {
        const stepId = (event as StepCompleted | StepSignedOff | StepWaived).stepId;
        for (const next of run.definitions) {
          if (!next.dependsOn.includes(stepId) || isSettled(run.step(next.id).state.status)) continue;
          if (!next.dependsOn.every((d) => isSettled(run.step(d).state.status))) continue;
          for (const person of stepRecipients(run, next.id, people)) {
            await send(person, 'step-unblocked', next.id, `unblocked@${event.occurredAt}`, 'step-unblocked', {
              recipient: recipientOf(person),
              organisation: org,
              step: card(next.id),
              today,
              completed: next.dependsOn.map((d) => ({ id: d, title: run.step(d).definition.title })),
            } satisfies StepUnblockedModel);
          }
        }
      }
    }
  }

  async onPersonAdded(em: EntityManager, organisation: OrganisationEntity, person: PersonEntity, run: OnboardingRun | null): Promise<void> {
    const duties = ROLE_DUTIES[person.role as PersonRole];
    const steps = run
      ? run.definitions
          .filter((d) => d.ownerRole === person.role && !isSettled(run.step(d.id).state.status))
          .map((d) => ({ id: d.id, title: d.title, dueDate: run.step(d.id).dueDate, link: stepLink(this.config.publicUrl, organisation.odsCode, d.id) }))
          .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
      : [];
    await this.outbox.enqueue(em, {
      identity: { recipient: person.email, purpose: 'role-welcome', subjectEntity: `person/${person.id}`, occurrence: person.role },
      recipientName: person.name,
      organisation: organisation.odsCode,
      template: 'role-welcome',
      data: {
        recipient: recipientOf(person),
        organisation: organisationRef(organisation),
        today: toIsoDate(this.clock.now()),
        role: { id: person.role, label: duties.label, duties: duties.duties },
        steps,
        runLink: runLink(this.config.publicUrl, organisation.odsCode),
      } satisfies RoleWelcomeModel,
    });
  }
}
