import { Inject, Injectable } from '@nestjs/common';
import { AuditEventEntity } from '../../audit';
import { isOverdue, isSettled, OnboardingRunEntity, OnboardingRunRepository } from '../../onboarding';
import { OrganisationRepository, PersonEntity } from '../../organisations';
import { ReadinessService } from '../../readiness';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config';
import { addDays, toIsoDate } from '../../shared/domain/clock';
import { systemMeta } from '../../shared/domain/roles';
import type { DigestStep, WeeklyDigestModel } from '../../platform/rendering/template-models';
import { organisationRef, recipientOf, runLink, stepLink } from '../mail/email-models';
import { Outbox } from '../mail/outbox';

/** ISO 8601 week, e.g. 2026-W47: the occurrence of a weekly digest. */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const DESCRIBE: Record<string, (p: Record<string, unknown>, title: string) => string> = {
  StepCompleted: (p, t) => (p.awaitingSignOff ? `${t}: completed, awaiting sign-off` : `${t}: completed`),
  StepSignedOff: (_p, t) => `${t}: signed off`,
  StepWaived: (_p, t) => `${t}: waived as not applicable`,
  StepReopened: (_p, t) => `${t}: reopened`,
  StepAssigned: (_p, t) => `${t}: assigned`,
  StepStarted: (_p, t) => `${t}: started`,
  GoLiveDateChanged: (p) => `Go-live date moved from ${String(p.from)} to ${String(p.to)}`,
  PersonAdded: (p) => `${String(p.name)} added as ${String(p.role)}`,
  OnboardingStarted: () => 'Onboarding run started',
  ChecklistAdopted: () => 'Newer checklist adopted',
};

/** Monday's digest to each organisation's implementation leads: readiness, the week's changes, overdue and next due. */
@Injectable()
export class WeeklyDigest {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly runs: OnboardingRunRepository,
    private readonly organisations: OrganisationRepository,
    private readonly readiness: ReadinessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Organisations with a run: each gets its own digest. */
  async organisationsToDigest(): Promise<string[]> {
    const rows = await this.uow
      .reader()
      .find(OnboardingRunEntity, {}, { fields: ['organisation'], orderBy: { organisation: 'asc' }, disableIdentityMap: true });
    return rows.map((r) => r.organisation);
  }

  /** Every organisation in turn (the CLI, and SQLite without a job queue). */
  async run(now: Date): Promise<{ queued: number }> {
    let queued = 0;
    for (const ods of await this.organisationsToDigest()) queued += await this.digestOrganisation(ods, now);
    return { queued };
  }

  /** Queues this week's digest to one organisation's implementation leads; returns how many were new. */
  async digestOrganisation(ods: string, now: Date): Promise<number> {
    const today = toIsoDate(now);
    const week = isoWeek(now);
    const from = addDays(today, -7);
    return this.uow.run(systemMeta('weekly-digest', `weekly-digest:${week}:${ods}`), async (tx) => {
      const em = tx.em;
      const organisation = await this.organisations.get(em, ods);
      const run = await this.runs.get(em, ods);
      const leads = await em.find(PersonEntity, { organisation: organisation.odsCode, role: 'implementation-lead' });
      if (leads.length === 0) return 0;
      const people = new Map((await em.find(PersonEntity, { organisation: organisation.odsCode })).map((p) => [p.id, p.name]));
      const readiness = this.readiness.assess(run, organisation);
      const audit = await em.find(
        AuditEventEntity,
        { organisation: organisation.odsCode, occurredAt: { $gte: `${from}T00:00:00` } },
        { orderBy: { seq: 'asc' }, limit: 200 },
      );
      const title = (p: Record<string, unknown>) => (typeof p.stepId === 'string' ? (run.definitions.find((d) => d.id === p.stepId)?.title ?? p.stepId) : '');
      const changes = audit
        .filter((e) => DESCRIBE[e.type])
        .map((e) => {
          const payload = JSON.parse(e.payload) as Record<string, unknown>;
          return { at: e.occurredAt, summary: DESCRIBE[e.type](payload, title(payload)) };
        });
      const open = run.definitions
        .filter((d) => !isSettled(run.step(d.id).state.status))
        .map((d): DigestStep & { overdue: boolean } => {
          const { state, dueDate } = run.step(d.id);
          return {
            id: d.id,
            title: d.title,
            dueDate,
            assignee: state.assigneeId ? (people.get(state.assigneeId) ?? null) : null,
            link: stepLink(this.config.publicUrl, organisation.odsCode, d.id),
            overdue: isOverdue(state.status, dueDate, today),
          };
        })
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
      const strip = ({ overdue: _o, ...s }: DigestStep & { overdue: boolean }): DigestStep => s;
      let count = 0;
      for (const lead of leads) {
        const data: WeeklyDigestModel = {
          recipient: recipientOf(lead),
          organisation: organisationRef(organisation),
          today,
          week: { from, to: today },
          readiness: {
            score: readiness.score,
            rag: readiness.rag.status,
            reasons: readiness.rag.reasons,
            goLiveDate: readiness.goLiveDate,
            gate: { go: readiness.gate.go, missing: readiness.gate.missing.map((m) => ({ id: m.id, title: m.title })) },
            forecast: {
              completionDate: readiness.forecast.completionDate,
              daysAfterGoLive: readiness.forecast.daysAfterGoLive,
              note: readiness.forecast.note,
            },
          },
          changes,
          overdue: open.filter((s) => s.overdue).map(strip),
          nextDue: open
            .filter((s) => !s.overdue)
            .slice(0, 10)
            .map(strip),
          runLink: runLink(this.config.publicUrl, organisation.odsCode),
        };
        if (
          await this.outbox.enqueue(em, {
            identity: { recipient: lead.email, purpose: 'weekly-digest', subjectEntity: `organisation/${organisation.odsCode}`, occurrence: week },
            recipientName: lead.name,
            organisation: organisation.odsCode,
            template: 'weekly-digest',
            data,
          })
        )
          count++;
      }
      return count;
    });
  }
}
