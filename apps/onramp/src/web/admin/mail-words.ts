import type { OutboxStatus } from '../../notifications';

/** Why an email was sent, in words (the outbox's `purpose`, one per email template). */
export const MAIL_PURPOSES: Record<string, string> = {
  'step-assigned': 'A step was assigned',
  'step-unblocked': 'A step can start',
  'step-due-soon': 'A step is due soon',
  'step-overdue': 'A step is overdue',
  'sign-off-requested': 'Sign-off requested',
  'step-reopened': 'A step was reopened',
  'role-welcome': 'Welcome and invitation',
  'password-reset': 'Password reset link',
  'weekly-digest': 'Weekly summary',
  'compliance-report': 'Compliance report',
};

export const MAIL_STATUSES: Record<OutboxStatus, { label: string; colour: string; filter: string }> = {
  pending: { label: 'Waiting to send', colour: 'blue', filter: 'Waiting to send' },
  sent: { label: 'Sent', colour: 'green', filter: 'Sent' },
  dead: { label: 'Gave up', colour: 'red', filter: 'Gave up after retrying' },
  failed: { label: 'Could not be written', colour: 'orange', filter: 'Could not be written' },
};

/** "Some purpose" for a purpose this table does not know yet. */
export const purposeInWords = (purpose: string) => MAIL_PURPOSES[purpose] ?? `${purpose.charAt(0).toUpperCase()}${purpose.slice(1).replace(/-/g, ' ')}`;
