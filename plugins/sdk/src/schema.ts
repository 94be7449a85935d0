import { z } from 'zod';
import { AREAS, ORGANISATION_TYPES, PERSON_ROLES, SIGN_OFF_ROLES } from './vocabulary';

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** `<namespace>.<kebab-name>`: the namespace is `core` or a plugin id. */
export const STEP_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Semantic version, without build metadata ranges. */
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** One checklist step, as core YAML and plugin manifests both write it. */
export const stepSchema = z.strictObject({
  id: z.string().regex(STEP_ID, 'must look like "core.appoint-implementation-lead" (namespace, dot, lower-case kebab name)'),
  title: z.string().trim().min(3).max(120),
  area: z.enum(AREAS),
  ownerRole: z.enum(PERSON_ROLES),
  dependsOn: z.array(z.string().regex(STEP_ID, 'must be a step id such as "core.nominate-clinical-lead"')).default([]),
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
export type StepInput = z.input<typeof stepSchema>;
export type Step = z.output<typeof stepSchema>;

/** One declared option: its type, default and what it is for. */
export const optionSchema = z.strictObject({
  type: z.enum(['string', 'number', 'boolean', 'string[]']),
  default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
  enum: z.array(z.string()).min(1).optional(),
  description: z.string().min(3).max(500),
  required: z.boolean().default(false),
});
export type OptionDeclaration = z.input<typeof optionSchema>;

const fn = (what: string) => z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', `must be a function (${what})`);

export const complianceCheckSchema = z.strictObject({
  id: z.string().regex(kebab, 'must be lower-case kebab'),
  title: z.string().min(3).max(200),
  evaluate: fn('(context) => { status: "met" | "not-met" | "unknown", evidence: string }'),
});

/** The manifest a plugin module exports as default (or as `module.exports`). */
export const pluginManifestSchema = z.strictObject({
  id: z
    .string()
    .regex(kebab, 'must be lower-case kebab, e.g. "acute" or "nhs-111-referrals"')
    .refine((id) => id !== 'core', '"core" is reserved for the core checklist'),
  version: z.string().regex(SEMVER, 'must be a semantic version such as 1.2.0'),
  hostApi: z.string().min(1, 'must be a semver range of the plugin API, e.g. "^1.0.0"'),
  organisationTypes: z.union([z.literal('*'), z.array(z.enum(ORGANISATION_TYPES)).min(1)]),
  dependsOn: z.array(z.string().regex(kebab, 'must be a plugin id')).default([]),
  options: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'option names are camelCase'), optionSchema).default({}),
  steps: z.array(stepSchema).default([]),
  templates: z.string().min(1).optional(),
  hooks: z
    .strictObject({
      appliesTo: fn('(step, organisation, options) => boolean').optional(),
      adjustReadiness: fn('(context) => [{ rag: "red" | "amber", reason: string }]').optional(),
      complianceChecks: z.array(complianceCheckSchema).optional(),
    })
    .default({}),
  description: z.string().max(1000).optional(),
});
export type PluginManifestInput = z.input<typeof pluginManifestSchema>;
export type PluginManifest = z.output<typeof pluginManifestSchema>;
