import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { ChecklistRepository, OnboardingRunEntity, type OnboardingRunSnapshot } from '../../onboarding';
import { expandState } from '../../onboarding';
import { OrganisationEntity, PersonEntity } from '../../organisations';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import type { OrganisationFacts } from '../building/report-models';

export interface OrganisationWithRun {
  organisation: OrganisationFacts;
  run: { snapshot: OnboardingRunSnapshot; version: number } | null;
}

/**
 * Reads for reports across many organisations in a fixed number of queries, however many there
 * are: the organisations, their runs, and the (few, cached) checklists the runs refer to. Nothing
 * is tracked (reports never write).
 */
@Injectable()
export class ReportDataReader {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly checklists: ChecklistRepository,
  ) {}

  /** Every organisation in `scope` (one ODS code, or `all`), ordered by ODS code, each with its run if one has started. */
  async organisationsWithRuns(scope: string | 'all', em: EntityManager = this.uow.reader()): Promise<OrganisationWithRun[]> {
    const only = scope === 'all' ? {} : { odsCode: scope };
    const organisations = await em.find(OrganisationEntity, only, {
      orderBy: { odsCode: 'asc' },
      disableIdentityMap: true,
      fields: ['odsCode', 'name', 'type'],
    });
    if (organisations.length === 0) return [];
    const runs = await em.find(OnboardingRunEntity, scope === 'all' ? {} : { organisation: scope }, {
      disableIdentityMap: true,
      fields: ['organisation', 'state', 'version', 'checklistHash'],
    });
    const byOrganisation = new Map<string, OrganisationWithRun['run']>();
    for (const r of runs)
      byOrganisation.set(r.organisation, { snapshot: expandState(r.state, await this.checklists.get(em, r.checklistHash)), version: r.version });
    return organisations.map((o) => ({ organisation: { odsCode: o.odsCode, name: o.name, type: o.type }, run: byOrganisation.get(o.odsCode) ?? null }));
  }

  /** Person id → name for one organisation's assignees. */
  async peopleNames(ods: string, em: EntityManager = this.uow.reader()): Promise<Map<string, string>> {
    const people = await em.find(PersonEntity, { organisation: ods }, { disableIdentityMap: true, fields: ['id', 'name'] });
    return new Map(people.map((p) => [p.id, p.name]));
  }
}
