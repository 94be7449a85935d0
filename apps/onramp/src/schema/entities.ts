import { AuditEventEntity } from '../audit/schema';
import { AuditHeadEntity } from '../audit/schema';
import { AccountLinkEntity, ApiTokenEntity, SessionEntity, UserEntity } from '../identity/schema';
import { MailEventEntity } from '../notifications/schema';
import { OutboxMessageEntity } from '../notifications/schema';
import { ChecklistEntity } from '../onboarding/schema';
import { OnboardingRunEntity } from '../onboarding/schema';
import { OnboardingStepRow } from '../onboarding/schema';
import { OrganisationEntity } from '../organisations/schema';
import { PersonEntity } from '../organisations/schema';
import { ReadinessSummaryRow } from '../readiness/schema';
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
  UserEntity,
  SessionEntity,
  AccountLinkEntity,
  IdempotencyRecordEntity,
  OutboxMessageEntity,
  MailEventEntity,
];
