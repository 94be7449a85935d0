import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { systemClock, type Clock } from '../domain/clock';
import { DomainError } from '../domain/domain-error';
import { withValidationClock } from './iso-date.constraint';
import { refuseDeepNesting } from './json-depth';

function flatten(errors: ValidationError[], prefix = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((e) => {
    const field = prefix ? (/^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Validates request bodies and queries against their DTO classes: unknown fields are refused, and
 * every problem is reported with the field it concerns.
 */
export function createValidationPipe(clock: Clock = systemClock) {
  return new BodyValidationPipe(clock, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => {
      const list = flatten(errors).filter((e) => e.field !== '');
      if (list.length === 0) return notAnObject();
      return new DomainError('REQUEST.VALIDATION_FAILED', 'invalid', list.map((e) => `${e.field}: ${e.messages.join('; ')}`).join(' | '), { errors: list });
    },
  });
}

const notAnObject = () =>
  new DomainError('REQUEST.VALIDATION_FAILED', 'invalid', 'request body must be a JSON object', {
    errors: [{ field: '(body)', messages: ['must be a JSON object'] }],
  });

/**
 * An absent body is validated as `{}`, so a POST that needs no fields works without one and a POST
 * that does names them. A body that is not an object, or is nested absurdly deep, is refused first.
 */
class BodyValidationPipe extends ValidationPipe {
  constructor(
    private readonly clock: Clock,
    options: ConstructorParameters<typeof ValidationPipe>[0],
  ) {
    super(options);
  }

  /** Date rules ("not more than ten years ahead") judge today by the application's clock. */
  protected override validate(object: object, options?: Parameters<ValidationPipe['validate']>[1]) {
    return withValidationClock(this.clock, () => super.validate(object, options));
  }

  override transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'body') {
      if (value === undefined || value === null) value = {};
      if (typeof value !== 'object' || Array.isArray(value)) throw notAnObject();
    }
    if (metadata.type === 'body' || metadata.type === 'query') refuseDeepNesting(value, metadata.type);
    return super.transform(value, metadata);
  }
}
