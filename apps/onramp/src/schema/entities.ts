import { AuditEventEntity } from '../audit/persistence/audit-event.entity';
import { AuditHeadEntity } from '../audit/persistence/audit-head.entity';
import { ApiTokenEntity } from '../identity/persistence/api-token.entity';
import { MailEventEntity } from '../notifications/persistence/mail-event.entity';
import { OutboxMessageEntity } from '../notifications/persistence/outbox-message.entity';
import { ChecklistEntity } from '../onboarding/persistence/checklist.entity';
import { OnboardingRunEntity } from '../onboarding/persistence/onboarding-run.entity';
import { OnboardingStepRow } from '../onboarding/persistence/onboarding-step.entity';
import { OrganisationEntity } from '../organisations/persistence/organisation.entity';
import { PersonEntity } from '../organisations/persistence/person.entity';
import { ReadinessSummaryRow } from '../readiness/persistence/readiness-summary.entity';
import { IdempotencyRecordEntity } from '../platform/idempotency/idempotency-record.entity';

/**
 * Every entity, listed explicitly: no folder scanning, so dist/ and ts-jest see the same set. This
 * is the one place the platform names the contexts' tables: the ORM must know them all.
 */
export const ENTITIES = [
  OrganisationEntity,
  PersonEntity,
  OnboardingRunEntity,
  ChecklistEntity,
  OnboardingStepRow,
  ReadinessSummaryRow,
  AuditEventEntity,
  AuditHeadEntity,
  ApiTokenEntity,
  IdempotencyRecordEntity,
  OutboxMessageEntity,
  MailEventEntity,
];
