import { z } from 'zod';
import { stepSchema } from '../shared/plugin-sdk';

export { stepSchema, STEP_ID } from '../shared/plugin-sdk';

/** The core checklist file: a version and its steps (the step shape is the plugin SDK's). */
export const catalogueFileSchema = z.strictObject({
  version: z.string().regex(/^\d{4}\.\d{1,2}\.\d+$/, 'must look like 2026.11.1'),
  steps: z.array(stepSchema).min(1),
});

export type CatalogueFile = z.infer<typeof catalogueFileSchema>;
