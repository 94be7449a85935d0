import type { PersonRole, SignOffRole } from './roles';

export { AREAS, type Area } from '../plugin-sdk';
import type { Area } from '../plugin-sdk';

export interface EvidenceRequirement {
  /** Stable key a completion names when it supplies this evidence, e.g. `appointment-record`. */
  key: string;
  description: string;
}

/** One step of a checklist, as data. Core steps are `core.*`; plugin steps carry the plugin's id as prefix. */
export interface StepDefinition {
  id: string;
  title: string;
  area: Area;
  ownerRole: PersonRole;
  dependsOn: string[];
  /** Days relative to the go-live date; negative means before go-live. */
  dueOffsetDays: number;
  evidence: EvidenceRequirement[];
  /** When set, a completed step is not done until a holder of this role signs it off. */
  signOffRole: SignOffRole | null;
  /** Go-live must not happen while a gate step is neither done nor waived. */
  gate: boolean;
  /** Importance in the readiness score, 1 to 5. */
  weight: number;
  guidance: string;
  /** The public NHS page the step is derived from. */
  source: string;
  /** Which part of the product put the step in the run, and why. */
  origin: StepOrigin;
}

export interface StepOrigin {
  /** `core` or a plugin id. */
  source: string;
  reason: string;
}

export interface Catalogue {
  version: string;
  steps: StepDefinition[];
}
