import type { z } from 'zod';

/** Formats zod issues as `path: message` lines, the way a person fixing a file reads them. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map(
    (issue) =>
      `${
        issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '') || '(root)'
      }: ${issue.message}`,
  );
}
