import { ValidatorConstraint, type ValidatorConstraintInterface, type ValidationArguments } from 'class-validator';
import { isIsoDate } from '../domain/clock';

@ValidatorConstraint({ name: 'isoDate' })
export class IsoDateConstraint implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return typeof value === 'string' && isIsoDate(value);
  }
  defaultMessage(args: ValidationArguments) {
    return `${args.property} must be a calendar date written YYYY-MM-DD`;
  }
}
