import { z } from 'zod';
import { AREAS } from './domain/step-definition';
import { PERSON_ROLES, SIGN_OFF_ROLES } from '../shared/domain/roles';

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** `<namespace>.<kebab-name>`: the namespace is `core` or a plugin id. */
export const STEP_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The shape of one step in a catalogue file (core YAML or a plugin manifest). */
export const stepSchema = z.strictObject({
  id: z.string().regex(STEP_ID, 'must look like "core.appoint-implementation-lead" (namespace, dot, lower-case kebab name)'),
  title: z.string().trim().min(3).max(120),
  area: z.enum(AREAS),
  ownerRole: z.enum(PERSON_ROLES),
  dependsOn: z.array(z.string().regex(STEP_ID, 'must be a step id such as "core.appoint-clinical-lead"')).default([]),
  dueOffsetDays: z.number().int().min(-365).max(180),
  evidence: z
    .array(z.strictObject({ key: z.string().regex(kebab, 'must be lower-case kebab'), description: z.string().trim().min(3).max(300) }))
    .default([])
    .refine((list) => new Set(list.map((e) => e.key)).size === list.length, 'evidence keys must be unique within a step'),
  signOffRole: z.enum(SIGN_OFF_ROLES).nullable().default(null),
  gate: z.boolean().default(false),
  weight: z.number().int().min(1).max(5).default(1),
  guidance: z.string().trim().min(20).max(2000),
  source: z.url({ protocol: /^https$/, error: 'must be an https URL of the NHS page the step comes from' }),
});

export const catalogueFileSchema = z.strictObject({
  version: z.string().regex(/^\d{4}\.\d{1,2}\.\d+$/, 'must look like 2026.11.1'),
  steps: z.array(stepSchema).min(1),
});

export type CatalogueFile = z.infer<typeof catalogueFileSchema>;
