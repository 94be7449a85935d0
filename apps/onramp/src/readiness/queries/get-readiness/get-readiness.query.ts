import { Query } from '@nestjs/cqrs';
import type { Readiness } from '../../domain/readiness.calculator';

export type ReadinessView = Readiness & { version: number };

export class GetReadiness extends Query<ReadinessView> {
  constructor(readonly ods: string) {
    super();
  }
}
