import { Query } from '@nestjs/cqrs';
import type { ChecklistDiff } from '../../domain/checklist-diff';

export class PreviewChecklistUpgrade extends Query<{ version: number; upToDate: boolean; diff: ChecklistDiff }> {
  constructor(readonly ods: string) {
    super();
  }
}
