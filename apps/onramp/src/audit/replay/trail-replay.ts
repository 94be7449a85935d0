import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import {
  ChecklistRepository,
  eventFromPayload,
  OnboardingRun,
  OnboardingRunEntity,
  ONBOARDING_EVENT_TYPES,
  type Checklist,
  type OnboardingEvent,
} from '../../onboarding';
import { AuditEventEntity } from '../persistence/audit-event.entity';

/**
 * Rebuilds an organisation's onboarding run from its audit trail alone: the events, applied in
 * order by the aggregate itself. Used to verify the stored state and to rebuild read models.
 */
@Injectable()
export class TrailReplay {
  constructor(private readonly checklists: ChecklistRepository) {}

  /** The run as the trail tells it, or null when the trail never started one. Throws when the trail cannot be replayed. */
  async replayRun(em: EntityManager, ods: string, entries?: readonly AuditEventEntity[]): Promise<OnboardingRun | null> {
    const trail = entries ?? (await em.find(AuditEventEntity, { organisation: ods }, { orderBy: { seq: 'asc' }, disableIdentityMap: true }));
    const runEntries = trail.filter((e) => (ONBOARDING_EVENT_TYPES as readonly string[]).includes(e.type));
    if (runEntries.length === 0) return null;
    const row = await em.findOne(OnboardingRunEntity, { organisation: ods }, { fields: ['checklistHash'], disableIdentityMap: true });
    const events = runEntries
      .map((e) =>
        eventFromPayload(e.type, ods, e.occurredAt, JSON.parse(e.payload) as Record<string, unknown>, {
          actor: { id: e.actorId, role: e.actorRole, label: e.actorLabel ?? '' },
          // Entries written before events named their checklist: the run's stored one is the only candidate.
          checklistHash: row?.checklistHash ?? '',
        }),
      )
      .filter((e): e is OnboardingEvent => e !== null);
    const checklists = new Map<string, Checklist>();
    for (const hash of new Set(events.map((e) => (e as { checklistHash?: string }).checklistHash).filter((h): h is string => !!h))) {
      checklists.set(hash, await this.checklists.get(em, hash));
    }
    return OnboardingRun.replay(events, (hash) => {
      const c = checklists.get(hash);
      if (!c) throw new Error(`the trail names checklist ${hash}, which is not stored`);
      return c;
    });
  }
}
