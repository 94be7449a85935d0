import { AsyncLocalStorage } from 'node:async_hooks';
import { applyDecorators } from '@nestjs/common';
import { IsString, Validate, ValidatorConstraint, type ValidatorConstraintInterface, type ValidationArguments } from 'class-validator';
import { dateOutsideWindow, isIsoDate, systemClock, toIsoDate, type Clock } from '../domain/clock';

@ValidatorConstraint({ name: 'isoDate' })
export class IsoDateConstraint implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'string' && isIsoDate(value);
  }
  defaultMessage(args: ValidationArguments) {
    return `${args.property} must be a calendar date written YYYY-MM-DD`;
  }
}

/**
 * The application's clock while a request is validated (set by the validation pipe), so a DTO
 * judges "today" exactly as the aggregate will, test clocks included.
 */
const validationClock = new AsyncLocalStorage<Clock>();
export const withValidationClock = <T>(clock: Clock, validate: () => T): T => validationClock.run(clock, validate);
const today = () => toIsoDate((validationClock.getStore() ?? systemClock).now());

@ValidatorConstraint({ name: 'dateWindow' })
export class DateWindowConstraint implements ValidatorConstraintInterface {
  validate(value: unknown) {
    // A malformed date is IsoDateConstraint's to report.
    return typeof value !== 'string' || !isIsoDate(value) || dateOutsideWindow(value, today()) === null;
  }
  defaultMessage(args: ValidationArguments) {
    return `${args.property} ${dateOutsideWindow(args.value as string, today())}`;
  }
}

/** A calendar date (YYYY-MM-DD) inside the window every date input shares (shared/domain/clock.ts). */
export const AcceptedDate = () => applyDecorators(IsString(), Validate(IsoDateConstraint), Validate(DateWindowConstraint));
