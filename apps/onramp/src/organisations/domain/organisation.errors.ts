import { DomainError } from '../../shared/domain/domain-error';

export const organisationNotFound = (ods: string) =>
  new DomainError('ORGANISATION.NOT_FOUND', 'not-found', `organisation ${ods} was not found`, { odsCode: ods });

export const personNotFound = (ods: string, personId: string) =>
  new DomainError('PERSON.NOT_FOUND', 'not-found', `no person ${personId} is recorded for ${ods}`, { personId });

export const personRemoved = (name: string, organisationName: string) =>
  new DomainError(
    'PERSON.REMOVED',
    'conflict',
    `${name} no longer holds a role in ${organisationName}: add them again to give them a role, and the invitation goes with it`,
  );
