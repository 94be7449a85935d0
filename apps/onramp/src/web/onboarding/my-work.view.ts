import type { MyWorkItem } from '../../onboarding';
import { addDays } from '../../shared/domain/clock';
import { dueInWords, statusTag } from './words.view';

/** What the person can do next on a step of their list, as the link to its page says it. */
export function actionFor(item: Pick<MyWorkItem, 'status' | 'reason'>): string {
  if (item.status === 'not-started') return 'Start';
  if (item.status === 'in-progress') return 'Complete';
  return item.reason === 'sign-off' ? 'Sign off' : 'View';
}

const GROUPS = [
  { key: 'overdue', heading: 'Overdue', caption: 'Your steps that are overdue' },
  { key: 'this-week', heading: 'Due this week', caption: 'Your steps due in the next 7 days' },
  { key: 'later', heading: 'Later', caption: 'Your steps due later' },
] as const;

/** The columns of each group's table. */
export const MY_WORK_HEAD = ['Step', 'Organisation', 'Due', 'Status', 'Action'];

/** Overdue (due before today), due this week (today and the 6 days after), or later. */
export function dueGroup(dueDate: string, today: string): (typeof GROUPS)[number]['key'] {
  if (dueDate < today) return 'overdue';
  return dueDate <= addDays(today, 6) ? 'this-week' : 'later';
}

/** The person's steps grouped by when they are due, each group a table; empty groups are left out. */
export function myWorkGroups(items: readonly MyWorkItem[], today: string, timeZone: string) {
  return GROUPS.map((g) => {
    const rows = items.filter((i) => dueGroup(i.dueDate, today) === g.key);
    return {
      key: g.key,
      heading: g.heading,
      caption: g.caption,
      count: rows.length,
      rows: rows.map((i) => {
        const href = `/organisations/${i.organisation}/steps/${encodeURIComponent(i.stepId)}`;
        return [
          { text: i.title, href },
          { text: i.organisationName },
          { text: dueInWords(i.dueDate, today, false, timeZone) },
          { tag: statusTag(i.status) },
          { text: actionFor(i), href },
        ];
      }),
    };
  }).filter((g) => g.count > 0);
}
