import { Injectable, type PipeTransform } from '@nestjs/common';
import { parseOdsCode } from './domain/ods-code';

/** Validates and upper-cases the `:ods` path parameter. */
@Injectable()
export class OdsCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    return parseOdsCode(value, 'ods');
  }
}
