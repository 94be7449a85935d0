import { AuditEventEntity } from '../../audit/persistence/audit-event.entity';
import { ApiTokenEntity } from '../../identity/persistence/api-token.entity';
import { OnboardingRunEntity } from '../../onboarding/persistence/onboarding-run.entity';
import { OrganisationEntity } from '../../organisations/persistence/organisation.entity';
import { PersonEntity } from '../../organisations/persistence/person.entity';
import { IdempotencyRecordEntity } from '../idempotency/idempotency-record.entity';

/** Every entity, listed explicitly: no folder scanning, so dist/ and ts-jest see the same set. */
export const ENTITIES = [OrganisationEntity, PersonEntity, OnboardingRunEntity, AuditEventEntity, ApiTokenEntity, IdempotencyRecordEntity];
