import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import {
  isSettled,
  OnboardingRunRepository,
  savedRunKey,
  StepAssigned,
  StepCompleted,
  StepReopened,
  StepSignedOff,
  StepWaived,
  type OnboardingEvent,
  type OnboardingRun,
} from '../../onboarding';
import { accountAccessKey, PasswordResetRequested, type AccountAccess } from '../../identity';
import { OrganisationRepository, PersonAdded, PersonInvitedAgain, type Person } from '../../organisations';
import type { Transaction } from '../../platform/database/transaction';
import type { EventMessage } from '../../platform/events/event-message';
import { SUBSCRIBER_ORDER, TransactionalSubscriber, type EventSubscriber } from '../../platform/events/transactional-subscriber';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { CLOCK, type Clock, toIsoDate } from '../../shared/domain/clock';
import type { PersonRole } from '../../shared/domain/roles';
import { organisationRef, recipientOf, runLink, stepCard, stepLink, stepRecipients } from '../mail/email-models';
import { Outbox } from '../mail/outbox';
import { ROLE_DUTIES } from '../../platform/rendering/role-duties';
import type {
  EmailTemplateName,
  PasswordResetModel,
  RoleWelcomeModel,
  SignOffRequestedModel,
  StepAssignedModel,
  StepReopenedModel,
  StepUnblockedModel,
} from '../../platform/rendering/template-models';

/**
 * Which emails a change causes: decided here, from the events, and queued in the change's own
 * transaction (no mail for work that rolls back). Assignment, sign-off requested, steps
 * unblocked, a reopened step (to whoever completed it), and the welcome for a person given a role.
 */
@Injectable()
@TransactionalSubscriber({ order: SUBSCRIBER_ORDER.reactions, name: 'mail-reactions' })
export class MailReactionsSubscriber implements EventSubscriber {
  constructor(
    private readonly outbox: Outbox,
    private readonly runs: OnboardingRunRepository,
    private readonly organisations: OrganisationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(tx: Transaction, messages: readonly EventMessage[]): Promise<void> {
    for (const { event, envelope } of messages) {
      if (event instanceof PersonAdded || event instanceof PersonInvitedAgain) await this.welcome(tx, event, envelope.eventId);
      else if (event instanceof PasswordResetRequested) await this.passwordReset(tx, event);
      else if (isMailworthy(event)) await this.onRunEvent(tx, event as OnboardingEvent, envelope.actor.label);
    }
  }

  private async onRunEvent(tx: Transaction, event: OnboardingEvent, actorLabel: string) {
    const em = tx.em;
    const run = tx.recall<OnboardingRun>(savedRunKey(event.organisation));
    if (!run) throw new Error(`the onboarding run of ${event.organisation} changed but was not saved in this transaction`);
    const organisation = await this.organisations.inTransaction(tx, event.organisation);
    const people = await this.organisations.people(em, organisation.odsCode);
    const today = toIsoDate(this.clock.now());
    const org = organisationRef(organisation);
    const card = (stepId: string) => stepCard(run, stepId, this.config.publicUrl);
    const send = (person: Person, purpose: EmailTemplateName, stepId: string, occurrence: string, data: object) =>
      this.outbox.enqueue(em, {
        identity: { recipient: person.email, purpose, subjectEntity: `${run.id}/${stepId}`, occurrence },
        recipientName: person.name,
        organisation: organisation.odsCode,
        template: purpose,
        data,
      });

    if (event instanceof StepAssigned) {
      const person = people.find((p) => p.id === event.assigneeId);
      if (person)
        await send(person, 'step-assigned', event.stepId, `assigned@${event.occurredAt}`, {
          recipient: recipientOf(person),
          organisation: org,
          step: card(event.stepId),
          today,
          assignedBy: actorLabel,
        } satisfies StepAssignedModel);
      return;
    }
    if (event instanceof StepCompleted && event.awaitingSignOff) {
      const { definition } = run.step(event.stepId);
      for (const person of people.filter((p) => p.role === definition.signOffRole)) {
        await send(person, 'sign-off-requested', event.stepId, `completed@${event.occurredAt}`, {
          recipient: recipientOf(person),
          organisation: org,
          step: card(event.stepId),
          today,
          completedBy: event.completedBy.label,
          completedAt: event.occurredAt,
          evidence: event.evidence.map((e) => ({ ...e, description: definition.evidence.find((r) => r.key === e.key)?.description ?? e.key })),
          note: event.note,
        } satisfies SignOffRequestedModel);
      }
      return;
    }
    if (event instanceof StepReopened) {
      const { definition, state } = run.step(event.stepId);
      const previous = state.history.at(-1);
      // The person who completed it, where they are recorded; otherwise whoever now holds the step.
      const completer = people.filter((p) => p.id === event.previouslyCompletedBy?.id);
      for (const person of completer.length ? completer : stepRecipients(run, event.stepId, people)) {
        await send(person, 'step-reopened', event.stepId, `reopened@${event.occurredAt}`, {
          recipient: recipientOf(person),
          organisation: org,
          step: card(event.stepId),
          today,
          reopenedBy: event.reopenedBy.label,
          reopenedAt: event.occurredAt,
          reason: event.reason,
          previous: {
            status: event.previousStatus,
            completedBy: previous?.completedBy?.label ?? null,
            completedAt: previous?.completedAt ?? null,
            evidence: (previous?.evidence ?? []).map((e) => ({ ...e, description: definition.evidence.find((r) => r.key === e.key)?.description ?? e.key })),
            note: previous?.note ?? null,
          },
        } satisfies StepReopenedModel);
      }
      return;
    }
    // A step became settled: tell whoever holds each step that now has every dependency settled.
    const stepId = (event as StepCompleted | StepSignedOff | StepWaived).stepId;
    for (const next of run.definitions) {
      if (!next.dependsOn.includes(stepId) || isSettled(run.step(next.id).state.status)) continue;
      if (!next.dependsOn.every((d) => isSettled(run.step(d).state.status))) continue;
      for (const person of stepRecipients(run, next.id, people)) {
        await send(person, 'step-unblocked', next.id, `unblocked@${event.occurredAt}`, {
          recipient: recipientOf(person),
          organisation: org,
          step: card(next.id),
          today,
          completed: next.dependsOn.map((d) => ({ id: d, title: run.step(d).definition.title })),
        } satisfies StepUnblockedModel);
      }
    }
  }

  private async welcome(tx: Transaction, event: PersonAdded | PersonInvitedAgain, eventId: string) {
    const em: EntityManager = tx.em;
    const access = tx.recall<AccountAccess>(accountAccessKey(event.personId));
    if (!access || access.kind === 'reset-password') throw new Error(`no account access link was made for person ${event.personId} in this transaction`);
    const organisation = await this.organisations.inTransaction(tx, event.organisation);
    const run = await this.runs.find(em, event.organisation);
    const duties = ROLE_DUTIES[event.role as PersonRole];
    const steps = run
      ? run.definitions
          .filter((d) => d.ownerRole === event.role && !isSettled(run.step(d.id).state.status))
          .map((d) => ({ id: d.id, title: d.title, dueDate: run.step(d.id).dueDate, link: stepLink(this.config.publicUrl, organisation.odsCode, d.id) }))
          .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
      : [];
    await this.outbox.enqueue(em, {
      // Invited again, or given the role again after being removed: a new email (a new occurrence), not the first one's duplicate.
      identity: {
        recipient: event.email,
        purpose: 'role-welcome',
        subjectEntity: `person/${event.personId}`,
        occurrence: event instanceof PersonInvitedAgain ? eventId : `${event.role}@${event.occurredAt}`,
      },
      recipientName: event.name,
      organisation: organisation.odsCode,
      template: 'role-welcome',
      data: {
        recipient: { name: event.name, email: event.email, role: event.role },
        organisation: organisationRef(organisation),
        today: toIsoDate(this.clock.now()),
        role: { id: event.role, label: duties.label, duties: duties.duties },
        steps,
        runLink: runLink(this.config.publicUrl, organisation.odsCode),
        access: { kind: access.kind, link: access.link, expiresInHours: this.config.inviteLinkHours },
      } satisfies RoleWelcomeModel,
    });
  }

  /**
   * RequestPasswordReset issues at most one link per account per 15 minutes; the slot in the
   * email's identity is a second line for two requests racing each other (the outbox drops the duplicate).
   */
  private async passwordReset(tx: Transaction, event: PasswordResetRequested) {
    const access = tx.recall<AccountAccess>(accountAccessKey(`user:${event.userId}`));
    if (!access) throw new Error(`no password-reset link was made for account ${event.userId} in this transaction`);
    const window = Math.floor(this.clock.now().getTime() / (15 * 60_000));
    await this.outbox.enqueue(tx.em, {
      identity: { recipient: event.email, purpose: 'password-reset', subjectEntity: `user/${event.userId}`, occurrence: String(window) },
      recipientName: event.name,
      organisation: null,
      template: 'password-reset',
      data: {
        account: { name: event.name, email: event.email },
        link: access.link,
        expiresInMinutes: this.config.resetLinkMinutes,
      } satisfies PasswordResetModel,
    });
  }
}

/** The run events that may cause mail; settling events unblock dependents. */
function isMailworthy(event: unknown): boolean {
  return (
    event instanceof StepAssigned ||
    event instanceof StepCompleted ||
    event instanceof StepSignedOff ||
    event instanceof StepWaived ||
    event instanceof StepReopened
  );
}
