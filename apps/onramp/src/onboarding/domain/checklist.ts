import { createHash } from 'node:crypto';
import type { StepDefinition } from '../../shared/domain/step-definition';
import { canonicalJson } from '../../shared/domain/canonical-json';
import type { PluginPin } from './checklist-diff';

/**
 * A checklist as a run uses it: the core catalogue version, the plugin versions and the step
 * definitions they produced for one kind of organisation. It is immutable and stored once,
 * addressed by the hash of its content, however many runs use it.
 */
export interface Checklist {
  hash: string;
  catalogueVersion: string;
  plugins: PluginPin[];
  /** In dependency order. */
  definitions: StepDefinition[];
}

/** sha256 of the canonical JSON of everything a checklist says: the same content always has the same address. */
export function checklistHash(content: Omit<Checklist, 'hash'>): string {
  const { catalogueVersion, plugins, definitions } = content;
  return createHash('sha256')
    .update(canonicalJson({ v: 1, catalogueVersion, plugins, definitions }))
    .digest('hex');
}

/** A checklist with its address, frozen: runs share one copy of its definitions, so nothing may change it. */
export function checklistOf(content: Omit<Checklist, 'hash'>): Checklist {
  return deepFreeze({ ...content, hash: checklistHash(content) });
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
