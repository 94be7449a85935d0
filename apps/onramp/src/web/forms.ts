import type { FastifyRequest } from 'fastify';
import type { Account } from '../shared/domain/access-policy';
import { DomainError } from '../shared/domain/domain-error';
import type { CommandMeta } from '../shared/domain/roles';
import type { FieldError } from './page-renderer';

/** A form body as the urlencoded parser gives it: a field sent once is a string, several times a list. */
export type FormBody = Record<string, string | string[] | undefined>;

/** One text field, trimmed ('' when absent; the first value when sent more than once). */
export function field(body: unknown, name: string, options: { trim?: boolean } = {}): string {
  const value = body && typeof body === 'object' ? (body as FormBody)[name] : undefined;
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string') return '';
  return options.trim === false ? first : first.trim();
}

/** Every value of a repeated field (checkboxes). */
export function fields(body: unknown, name: string): string[] {
  const value = body && typeof body === 'object' ? (body as FormBody)[name] : undefined;
  return (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []).map((v) => v.trim()).filter(Boolean);
}

/** Collects field errors in the order the fields appear on the page. */
export class FormErrors {
  readonly list: FieldError[] = [];
  add(field: string, message: string): this {
    if (!this.list.some((e) => e.field === field)) this.list.push({ field, message });
    return this;
  }
  get any(): boolean {
    return this.list.length > 0;
  }
  /** The message for one field, for the field's own error line. */
  of(field: string): string | undefined {
    return this.list.find((e) => e.field === field)?.message;
  }
}

/**
 * What a page's command carries: the signed-in person as actor, the request's correlation id,
 * and the run version the form was rendered from (its hidden `expectedVersion` field), so a
 * form older than the run is refused as a stale change instead of overwriting someone's work.
 */
export function pageMeta(request: FastifyRequest, body?: unknown): CommandMeta {
  if (!request.principal) throw new Error('pageMeta used on a public route');
  const raw = body === undefined ? '' : field(body, 'expectedVersion');
  const expectedVersion = /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
  return { actor: request.principal.actor, correlationId: String(request.id), expectedVersion };
}

/** The signed-in person, for pages that belong to a person rather than an integration's token. */
export function accountOf(request: FastifyRequest): Account {
  const account = request.principal?.account;
  if (!account) throw new DomainError('AUTH.PERSON_REQUIRED', 'forbidden', 'this page is for people signed in with their own account, not for API tokens');
  return account;
}
