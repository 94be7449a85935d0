/** The statuses of a checklist step: shared by the onboarding run, readiness, reports and mail. */
export const STEP_STATUSES = ['not-started', 'in-progress', 'awaiting-sign-off', 'done', 'waived'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** How a status is written for people (e-mails, reports, pages). */
export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  'awaiting-sign-off': 'Awaiting sign-off',
  done: 'Done',
  waived: 'Not applicable (waived)',
};

/** Done and waived steps no longer hold anything up. */
export const isSettled = (status: StepStatus) => status === 'done' || status === 'waived';

/** A step is overdue when it is not settled and its due date is before today (all YYYY-MM-DD). */
export const isOverdue = (status: StepStatus, dueDate: string, today: string) => !isSettled(status) && dueDate < today;
