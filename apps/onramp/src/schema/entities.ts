import { AuditEventEntity } from '../audit';
import { AuditHeadEntity } from '../audit';
import { ApiTokenEntity } from '../identity';
import { MailEventEntity } from '../notifications';
import { OutboxMessageEntity } from '../notifications';
import { ChecklistEntity } from '../onboarding';
import { OnboardingRunEntity } from '../onboarding';
import { OnboardingStepRow } from '../onboarding';
import { OrganisationEntity } from '../organisations';
import { PersonEntity } from '../organisations';
import { ReadinessSummaryRow } from '../readiness';
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
