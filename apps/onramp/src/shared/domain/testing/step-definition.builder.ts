/*
 * Test-data builders for step definitions, shared by every context's specs. Plain TypeScript with no
 * Jest globals, so the file also compiles under tsconfig.build.json (which only excludes *.spec.ts).
 */
import type { EvidenceRequirement, StepDefinition } from '../step-definition';

/** An evidence requirement with a readable description. */
export function evidence(key: string): EvidenceRequirement {
  return { key, description: `Evidence for ${key}` };
}

/** A core step definition with harmless defaults: no dependencies, no evidence, no sign-off, not a gate, weight 1, due at go-live. */
export function step(id: string, overrides: Partial<Omit<StepDefinition, 'id'>> = {}): StepDefinition {
  return {
    id,
    title: `Title of ${id}`,
    area: 'leadership',
    ownerRole: 'implementation-lead',
    dependsOn: [],
    dueOffsetDays: 0,
    evidence: [],
    signOffRole: null,
    gate: false,
    weight: 1,
    guidance: 'Guidance long enough to satisfy the catalogue schema.',
    source: 'https://digital.nhs.uk/services/e-referral-service',
    origin: { source: 'core', reason: 'test' },
    ...overrides,
  };
}
