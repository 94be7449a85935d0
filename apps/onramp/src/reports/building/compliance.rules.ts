import { addDays } from '../../shared/domain/clock';
import type { ComplianceCheckContext, OrganisationType } from '../../shared/plugin-sdk';
import { isOverdue } from '../../shared/domain/step-status';
import type { ActorRef, OnboardingRunSnapshot, StepState } from '../../onboarding';

export type { ComplianceCheckContext } from '../../shared/plugin-sdk';

/**
 * The generic guidelines of NHS England's "Best practice guidance" for e-RS (contractual through the
 * NHS Standard Contract) as checks per organisation. Each guideline is carried by the core
 * checklist steps that put it into practice (config/catalogue/core.yaml), and its status follows
 * from theirs:
 *
 *  - met: every mapped step is done (completed, and signed off where the step needs it); the
 *    evidence says who completed and signed off each step, when, and the evidence references;
 *  - not-met: a mapped step is overdue, or was waived. Waiving a step declares it not applicable
 *    to the organisation's onboarding; a guideline of the NHS Standard Contract still applies, so a
 *    waiver is never compliance;
 *  - unknown: otherwise (work not yet due), when the organisation has no onboarding run, or when
 *    a mapped step is missing from the organisation's checklist.
 *
 * Plugins add checks of their own through `hooks.complianceChecks`; see {@link evaluateCompliance}.
 */

export const BEST_PRACTICE_GUIDANCE = 'https://digital.nhs.uk/services/e-referral-service/document-library/best-practice-guidance';

export type ComplianceStatus = 'met' | 'not-met' | 'unknown';

export interface ComplianceOutcome {
  status: ComplianceStatus;
  evidence: string;
}

export interface ComplianceRule {
  /** Stable, kebab-case: a column name in CSV exports. */
  id: string;
  title: string;
  /** The public page the guideline comes from. */
  source: string;
  /** The core steps that carry the guideline. */
  steps: readonly string[];
  /** `today` is YYYY-MM-DD; a step is overdue when it is not settled and its due date is before today. */
  evaluate(run: OnboardingRunSnapshot | null, today: string): ComplianceOutcome;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'an unrecorded date');
const who = (actor: ActorRef | null) => (actor ? `${actor.label} (${actor.role})` : 'an unrecorded person');

const STATUS_WORDS: Record<StepState['status'], string> = {
  'not-started': 'not started',
  'in-progress': 'in progress',
  'awaiting-sign-off': 'awaiting sign-off',
  done: 'done',
  waived: 'waived',
};

function doneEvidence(id: string, state: StepState): string {
  const parts = [`${id}: completed by ${who(state.completedBy)} on ${day(state.completedAt)}`];
  if (state.signedOffAt) parts.push(`signed off by ${who(state.signedOffBy)} on ${day(state.signedOffAt)}`);
  const references = state.evidence.length ? `evidence ${state.evidence.map((e) => `${e.key}: ${e.reference}`).join('; ')}` : 'no evidence was required';
  return `${parts.join(', ')}; ${references}`;
}

/** A guideline whose status is that of the core steps that carry it. */
function guideline(id: string, title: string, steps: string[]): ComplianceRule {
  return {
    id,
    title,
    source: BEST_PRACTICE_GUIDANCE,
    steps,
    evaluate(run, today) {
      if (!run) return { status: 'unknown', evidence: 'no onboarding run has been started' };
      const failing: string[] = [];
      const open: string[] = [];
      const done: string[] = [];
      for (const stepId of steps) {
        const definition = run.definitions.find((d) => d.id === stepId);
        const state = run.steps[stepId];
        if (!definition || !state) {
          open.push(`${stepId} is not in this organisation's checklist (catalogue ${run.catalogueVersion})`);
          continue;
        }
        const dueDate = addDays(run.goLiveDate, definition.dueOffsetDays);
        if (state.status === 'waived') {
          failing.push(
            `${stepId} was waived on ${day(state.waivedAt)} by ${who(state.waivedBy)} ("${state.waiverReason ?? ''}"): waiving a guideline is not compliance, it still applies`,
          );
        } else if (state.status === 'done') {
          done.push(doneEvidence(stepId, state));
        } else if (dueDate < today) {
          failing.push(`${stepId} is overdue: due ${dueDate}, ${STATUS_WORDS[state.status]}`);
        } else {
          open.push(
            `${stepId} is ${STATUS_WORDS[state.status]}${state.status === 'awaiting-sign-off' && definition.signOffRole ? ` by the ${definition.signOffRole}` : ''}, due ${dueDate}`,
          );
        }
      }
      if (failing.length) return { status: 'not-met', evidence: [...failing, ...open, ...done].join(' | ') };
      if (open.length) return { status: 'unknown', evidence: [...open, ...done].join(' | ') };
      return { status: 'met', evidence: done.join(' | ') };
    },
  };
}

/** The generic guidelines, in the order the best-practice page gives them. */
export const CORE_GUIDELINES: readonly ComplianceRule[] = [
  guideline('users-trained-and-ig-compliant', 'Users are appropriately qualified, trained and compliant with information governance standards', [
    'core.confirm-users-ig-trained',
    'core.confirm-dspt-submission',
    'core.train-all-ers-users',
  ]),
  guideline('clinical-delegation-reviewed', 'Clinicians decide on, and have reviewed, any delegation of clinical actions to non-clinicians', [
    'core.agree-clinical-tasks-and-delegation',
  ]),
  guideline('clinical-input-for-services-and-referrals', 'Clinical input is given for selecting services and for reviewing referral information', [
    'core.record-clinician-service-input',
    'core.agree-referral-review-rules',
  ]),
  guideline('worklists-monitored-daily', 'Worklists are monitored daily by appropriate clinical or administrative staff', [
    'core.assign-daily-worklist-monitoring',
  ]),
  guideline('technical-support-in-place', 'The correct equipment, infrastructure and user support are in place', [
    'core.arrange-technical-and-user-support',
    'core.confirm-devices-and-connectivity',
  ]),
  guideline('operational-policies-reflect-guidelines', 'Operational policies (access, referral management) reflect the guidelines and staff adhere to them', [
    'core.update-operational-policies',
  ]),
  guideline('services-commissioned-and-published', 'Services on the primary care menu are commissioned and published for referrers', [
    'core.confirm-services-commissioned',
  ]),
];

/** One check from a plugin's `hooks.complianceChecks`. */
export interface PluginComplianceCheck {
  id: string;
  title: string;
  evaluate: (context: ComplianceCheckContext) => unknown;
}

/** A plugin whose checks apply to an organisation: the plugins pinned in its run, or (without a run) those for its type. */
export interface PluginChecks {
  pluginId: string;
  version: string;
  options: Record<string, unknown>;
  checks: readonly PluginComplianceCheck[];
}

export interface GuidelineResult extends ComplianceOutcome {
  /** Core guideline id, or `<pluginId>.<check id>`. */
  id: string;
  title: string;
  source: string;
}

export interface ComplianceEvaluation {
  results: GuidelineResult[];
  /** Plugin checks that failed (threw, timed out, or returned something else than a result). */
  failures: { plugin: string; check: string; kind: PluginCheckFailure['kind']; error: string }[];
}

/** How one plugin check went, as the host's hook runner reports it. */
export interface PluginCheckFailure {
  kind: 'threw' | 'timed-out' | 'invalid-result';
  /** The plugin's own message or what was wrong with its result: never put into a report. */
  detail: string;
}
export type PluginCheckOutcome = { ok: true; value: ComplianceOutcome } | { ok: false; failure: PluginCheckFailure };

/**
 * Calls one plugin check: the host passes its plugin hook runner (copies of the context, a time
 * limit, the result's shape checked), so a check never throws into the report.
 */
export type RunPluginCheck = (pluginId: string, check: PluginComplianceCheck, context: ComplianceCheckContext) => Promise<PluginCheckOutcome>;

const MAX_PLUGIN_EVIDENCE = 1000;

const FAILURE_NOTE: Record<PluginCheckFailure['kind'], string> = {
  threw: 'failed',
  'timed-out': 'did not finish within its time limit',
  'invalid-result': 'returned no valid result',
};

/** What a plugin's compliance check sees of an organisation's run (its options are added per plugin): used by the host and the conformance kit. */
export function complianceCheckContext(
  organisation: { odsCode: string; name: string; type: string },
  run: OnboardingRunSnapshot | null,
  today: string,
): Omit<ComplianceCheckContext, 'options'> {
  return {
    organisation: { odsCode: organisation.odsCode, name: organisation.name, type: organisation.type as OrganisationType },
    today,
    run: run && {
      goLiveDate: run.goLiveDate,
      catalogueVersion: run.catalogueVersion,
      steps: run.definitions.map((d) => {
        const s = run.steps[d.id];
        const dueDate = addDays(run.goLiveDate, d.dueOffsetDays);
        return {
          id: d.id,
          title: d.title,
          area: d.area,
          status: s.status,
          dueDate,
          overdue: isOverdue(s.status, dueDate, today),
          gate: d.gate,
          completedAt: s.completedAt,
          signedOffAt: s.signedOffAt,
          waivedAt: s.waivedAt,
          evidence: s.evidence.map((e) => ({ key: e.key, reference: e.reference })),
        };
      }),
    },
  };
}

/**
 * Every core guideline, then each plugin's checks (ids prefixed `<pluginId>.`). A plugin check
 * that fails (throws, runs past its time limit, or returns anything but `{ status: 'met' | 'not-met'
 * | 'unknown', evidence: string }`) is reported as unknown with a note, and listed in `failures`; it
 * never fails the report. Without a run, plugin checks are not called: there is nothing for them to judge.
 */
export async function evaluateCompliance(args: {
  organisation: { odsCode: string; name: string; type: string };
  run: OnboardingRunSnapshot | null;
  today: string;
  plugins?: readonly PluginChecks[];
  guidelines?: readonly ComplianceRule[];
  /** Needed when `plugins` have checks to call. */
  runCheck?: RunPluginCheck;
}): Promise<ComplianceEvaluation> {
  const { run, today } = args;
  const results: GuidelineResult[] = (args.guidelines ?? CORE_GUIDELINES).map((g) => ({
    id: g.id,
    title: g.title,
    source: g.source,
    ...g.evaluate(run, today),
  }));
  const failures: ComplianceEvaluation['failures'] = [];
  const context = complianceCheckContext(args.organisation, run, today);
  for (const plugin of args.plugins ?? []) {
    for (const check of plugin.checks) {
      const base = { id: `${plugin.pluginId}.${check.id}`, title: check.title, source: `plugin:${plugin.pluginId}@${plugin.version}` };
      if (!run) {
        results.push({ ...base, status: 'unknown', evidence: 'no onboarding run has been started' });
        continue;
      }
      if (!args.runCheck) throw new Error('evaluateCompliance needs runCheck to call plugin checks');
      const outcome = await args.runCheck(plugin.pluginId, check, { ...context, options: plugin.options });
      if (!outcome.ok) {
        failures.push({ plugin: plugin.pluginId, check: check.id, kind: outcome.failure.kind, error: outcome.failure.detail });
        // The plugin's message goes to the log, never into a report sent around the NHS.
        results.push({
          ...base,
          status: 'unknown',
          evidence: `the check of plugin ${plugin.pluginId} ${FAILURE_NOTE[outcome.failure.kind]}, so its status is unknown; see the server log`,
        });
        continue;
      }
      const o = outcome.value;
      const evidence = o.evidence.length > MAX_PLUGIN_EVIDENCE ? `${o.evidence.slice(0, MAX_PLUGIN_EVIDENCE - 1)}…` : o.evidence;
      results.push({ ...base, status: o.status, evidence });
    }
  }
  return { results, failures };
}
