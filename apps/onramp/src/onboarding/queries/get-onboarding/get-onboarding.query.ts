import { Query } from '@nestjs/cqrs';
import type { RunView } from '../../onboarding.view';

export class GetOnboarding extends Query<RunView> {
  constructor(readonly ods: string) {
    super();
  }
}
