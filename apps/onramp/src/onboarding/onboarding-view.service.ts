import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EntityManager } from '@mikro-orm/core';
import { UnitOfWork } from '../platform/database/unit-of-work';
import { OrganisationRepository, personView, type PersonView } from '../organisations';
import { CLOCK, type Clock } from '../shared/domain/clock';
import { etag } from '../shared/http/request-meta';
import type { OnboardingRun } from './domain/onboarding-run';
import { runView, stepView } from './onboarding.view';

/** Builds the JSON the onboarding endpoints return, with the run's version as ETag. */
@Injectable()
export class OnboardingViewService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Everyone ever recorded, so a step assigned to someone since removed still names them (with their removedAt). */
  async people(ods: string, em: EntityManager = this.uow.reader()): Promise<Map<string, PersonView>> {
    const rows = await this.organisations.people(em, ods, { withRemoved: true });
    return new Map(rows.map((p) => [p.id, personView(p)]));
  }

  async run(run: OnboardingRun, reply: FastifyReply) {
    void reply.header('ETag', etag(run.version));
    return runView(run, await this.people(run.organisation), this.clock.now());
  }

  async step(run: OnboardingRun, stepId: string, reply: FastifyReply) {
    void reply.header('ETag', etag(run.version));
    return { version: run.version, step: stepView(run, stepId, await this.people(run.organisation), this.clock.now()) };
  }
}
