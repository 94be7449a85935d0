import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/core';
import { AuditTrail } from '../../audit/audit-trail';
import { NotificationPlanner } from '../../notifications/mail/notification-planner';
import { organisationNotFound, UnitOfWork } from '../../platform/database/unit-of-work';
import { OrganisationEntity } from '../../organisations/persistence/organisation.entity';
import type { CommandMeta } from '../../shared/domain/roles';
import { OnboardingRun } from '../domain/onboarding-run';
import { OnboardingErrors } from '../domain/onboarding.errors';
import { eventPayload, type OnboardingEvent } from '../domain/onboarding.events';
import { OnboardingRunEntity } from './onboarding-run.entity';

/**
 * Loads and saves the onboarding run aggregate. A save writes the new state (guarded by the row
 * version), the events into the audit trail, in one transaction; events are published only after
 * the commit, so nothing downstream ever sees uncommitted work.
 */
@Injectable()
export class OnboardingRunRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
    private readonly events: EventBus,
    private readonly notifications: NotificationPlanner,
  ) {}

  async create(ods: string, meta: CommandMeta, build: (organisation: OrganisationEntity) => OnboardingRun): Promise<OnboardingRun> {
    const { run, events } = await this.uow.forOrganisation(ods, async (em, organisation) => {
      if (await em.findOne(OnboardingRunEntity, { organisation: ods })) throw OnboardingErrors.runAlreadyStarted(ods);
      const created = build(organisation);
      const entity = em.create(OnboardingRunEntity, {
        id: created.id,
        organisation: ods,
        catalogueVersion: created.catalogueVersion,
        goLiveDate: created.goLiveDate,
        state: created.snapshot(),
      });
      em.persist(entity);
      return this.save(em, organisation, entity, created, meta);
    });
    this.publish(events);
    return run;
  }

  /** Applies a change to the run of `ods`, refusing a stale expected version. */
  async change(ods: string, meta: CommandMeta, apply: (run: OnboardingRun, em: EntityManager) => void | Promise<void>): Promise<OnboardingRun> {
    const { run, events } = await this.uow.forOrganisation(ods, async (em, organisation) => {
      const entity = await em.findOne(OnboardingRunEntity, { organisation: ods });
      if (!entity) throw OnboardingErrors.runNotFound(ods);
      const current = OnboardingRun.restore(entity.state, entity.version);
      current.checkVersion(meta.expectedVersion);
      await apply(current, em);
      return this.save(em, organisation, entity, current, meta);
    });
    this.publish(events);
    return run;
  }

  /** For queries: the organisation and its run, or the 404 a client should see for either. */
  async findWithOrganisation(em: EntityManager, ods: string): Promise<{ organisation: OrganisationEntity; run: OnboardingRun }> {
    const organisation = await em.findOne(OrganisationEntity, { odsCode: ods });
    if (!organisation) throw organisationNotFound(ods);
    const run = await this.find(em, ods);
    if (!run) throw OnboardingErrors.runNotFound(ods);
    return { organisation, run };
  }

  async find(em: EntityManager, ods: string): Promise<OnboardingRun | null> {
    const entity = await em.findOne(OnboardingRunEntity, { organisation: ods });
    return entity ? OnboardingRun.restore(entity.state, entity.version) : null;
  }

  private async save(em: EntityManager, organisation: OrganisationEntity, entity: OnboardingRunEntity, run: OnboardingRun, meta: CommandMeta) {
    const events = run.pullEvents();
    if (events.length === 0) return { run, events }; // nothing changed: no new version, no audit entry
    entity.state = run.snapshot();
    entity.goLiveDate = run.goLiveDate;
    entity.updatedAt = new Date();
    this.audit.append(
      em,
      organisation,
      events.map((e) => ({ type: e.type, occurredAt: e.occurredAt, payload: eventPayload(e) })),
      meta,
    );
    // Emails the change causes are queued in the same transaction: no mail for work that rolls back.
    await this.notifications.onRunEvents(em, organisation, run, events, meta.actor);
    await em.flush();
    return { run: OnboardingRun.restore(entity.state, entity.version), events };
  }

  private publish(events: OnboardingEvent[]) {
    if (events.length) this.events.publishAll(events);
  }
}
