import { DomainError } from '../../shared/domain/domain-error';

export const organisationNotFound = (ods: string) =>
  new DomainError('ORGANISATION.NOT_FOUND', 'not-found', `organisation ${ods} was not found`, { odsCode: ods });
