import { AuditEventEntity } from '../../audit/persistence/audit-event.entity';
import { ApiTokenEntity } from '../../identity/persistence/api-token.entity';
import { OnboardingRunEntity } from '../../onboarding/persistence/onboarding-run.entity';
import { OrganisationEntity } from '../../organisations/persistence/organisation.entity';
import { PersonEntity } from '../../organisations/persistence/person.entity';
import { IdempotencyRecordEntity } from '../idempotency/idempotency-record.entity';
import { MailEventEntity } from '../../notifications/persistence/mail-event.entity';
import { OutboxMessageEntity } from '../../notifications/persistence/outbox-message.entity';

/** Every entity, listed explicitly: no folder scanning, so dist/ and ts-jest see the same set. */
export const ENTITIES = [
  OrganisationEntity,
  PersonEntity,
  OnboardingRunEntity,
  AuditEventEntity,
  ApiTokenEntity,
  IdempotencyRecordEntity,
  OutboxMessageEntity,
  MailEventEntity,
];
