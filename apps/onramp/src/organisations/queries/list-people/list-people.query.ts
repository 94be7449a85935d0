import { Query } from '@nestjs/cqrs';
import type { PersonView } from '../../organisation.view';

export class ListPeople extends Query<{ items: PersonView[] }> {
  constructor(readonly ods: string) {
    super();
  }
}
