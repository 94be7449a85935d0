import { Query } from '@nestjs/cqrs';
import type { Membership } from '../../../shared/domain/access-policy';
import type { StepStatus } from '../../../shared/domain/step-status';

/** Why a step is on a person's list: it is assigned to them, their role owns it, or it awaits the sign-off their role gives. */
export type MyWorkReason = 'assigned' | 'owner' | 'sign-off';

/** One unsettled step of one of the person's organisations. */
export interface MyWorkItem {
  organisation: string;
  organisationName: string;
  stepId: string;
  title: string;
  status: StepStatus;
  dueDate: string;
  gate: boolean;
  reason: MyWorkReason;
}

/**
 * Every unsettled step that is a person's to act on, across their organisations, earliest due first:
 * assigned to one of their people rows (the active rows with their account's email); owned by one
 * of their duties in that organisation and assigned to nobody; or awaiting a sign-off by the
 * access role they act with there.
 */
export class ListMyWork extends Query<{ items: MyWorkItem[]; truncated: boolean }> {
  constructor(
    readonly email: string,
    readonly memberships: readonly Pick<Membership, 'organisation' | 'role' | 'duties'>[],
    /** At most this many steps (earliest due first); `truncated` says when more matched. */
    readonly limit = 500,
  ) {
    super();
  }
}
