import { Query } from '@nestjs/cqrs';
import type { PersonView } from '../../organisation.view';

/** The people holding a role in the organisation, by role then name; with `includeRemoved`, also those who held one (removedAt set). */
export class ListPeople extends Query<{ items: PersonView[] }> {
  constructor(
    readonly ods: string,
    readonly options: { includeRemoved?: boolean } = {},
  ) {
    super();
  }
}
