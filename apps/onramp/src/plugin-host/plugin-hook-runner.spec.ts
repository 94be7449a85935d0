import { step as aStep } from '../shared/domain/testing/step-definition.builder';
import { describeHookFailure, PluginHookRunner, type HookFailure } from './plugin-hook-runner';

const ORG = { odsCode: 'RH8', name: 'Royal Devon', type: 'acute' as const };
const owner = (hooks: Record<string, unknown>, options: Record<string, unknown> = {}) => ({ id: 'trust-extras', options, hooks });
const readinessContext = () => ({
  organisation: ORG,
  readiness: {
    score: 40,
    gate: { go: false, missing: [{ id: 'core.go-live' }] },
    steps: [{ id: 'core.go-live', status: 'not-started', dueDate: '2026-09-01', overdue: false }],
  },
});

/** A runner with a short limit that records every failure it reports. */
function runner(timeoutMs = 100) {
  const failures: HookFailure[] = [];
  return { hooks: new PluginHookRunner({ timeoutMs, onFailure: (f) => failures.push(f) }), failures };
}

describe('PluginHookRunner', () => {
  describe('the time limit of synchronous plugin code', () => {
    // Each of these would otherwise hang the whole server: V8's watchdog stops them.
    const stuck: [string, () => unknown][] = [
      [
        'an infinite loop',
        () => {
          for (;;);
        },
      ],
      [
        'a slow loop',
        () => {
          let n = 0;
          for (let i = 0; i < Number.MAX_SAFE_INTEGER; i++) n += i % 7;
          return n;
        },
      ],
      [
        'a loop inside try/finally',
        () => {
          try {
            for (;;);
          } finally {
            // Termination cannot be caught or delayed by the plugin.
            // eslint-disable-next-line no-unsafe-finally
            return [];
          }
        },
      ],
      [
        'a loop in a function the hook calls',
        () => {
          const helper = () => {
            for (;;);
          };
          return [1, 2].map(helper);
        },
      ],
    ];

    it.each(stuck)('stops %s and reports a time-out naming the plugin and the hook', (_, hook) => {
      const { hooks, failures } = runner();
      const outcome = hooks.adjustReadiness(owner({ adjustReadiness: hook }), readinessContext());
      expect(outcome).toEqual({
        ok: false,
        failure: expect.objectContaining({ plugin: 'trust-extras', hook: 'adjustReadiness', kind: 'timed-out', timeoutMs: 100 }),
      });
      expect(failures).toHaveLength(1);
      // The runner (and the thread) carry on with other hooks.
      expect(hooks.adjustReadiness({ ...owner({ adjustReadiness: () => [{ rag: 'amber', reason: 'fine' }] }), id: 'other' }, readinessContext())).toEqual({
        ok: true,
        value: [{ rag: 'amber', reason: 'fine' }],
      });
    });

    it('rests a hook that timed out three times in a row: later calls fail at once, until the cool-down has passed', () => {
      let calls = 0;
      const spin = () => {
        calls++;
        for (;;);
      };
      const { hooks, failures } = runner();
      for (let i = 0; i < 5; i++) expect(hooks.adjustReadiness(owner({ adjustReadiness: spin }), readinessContext()).ok).toBe(false);
      expect(calls).toBe(3);
      // Reported as timed out each time, logged only when it really ran.
      expect(failures.map((f) => f.kind)).toEqual(['timed-out', 'timed-out', 'timed-out']);
      expect(hooks.adjustReadiness(owner({ adjustReadiness: spin }), readinessContext())).toEqual({
        ok: false,
        failure: expect.objectContaining({ kind: 'timed-out', skipped: true, detail: expect.stringMatching(/^not called: it timed out 3 times in a row/) }),
      });

      const eager = new PluginHookRunner({ timeoutMs: 100, tripAfter: 1, cooldownMs: 0 });
      eager.adjustReadiness(owner({ adjustReadiness: spin }), readinessContext());
      eager.adjustReadiness(owner({ adjustReadiness: spin }), readinessContext());
      expect(calls).toBe(5);
    });

    it('counts only time-outs in a row: a hook that hangs on one organisation only keeps running for the others', () => {
      let calls = 0;
      const hook = ({ organisation }: { organisation: { odsCode: string } }) => {
        calls++;
        if (organisation.odsCode === 'STUCK') for (;;);
        return [];
      };
      const { hooks } = runner();
      const context = (odsCode: string) => ({ ...readinessContext(), organisation: { ...ORG, odsCode } });
      for (let i = 0; i < 3; i++) {
        expect(hooks.adjustReadiness(owner({ adjustReadiness: hook }), context('STUCK')).ok).toBe(false);
        expect(hooks.adjustReadiness(owner({ adjustReadiness: hook }), context('RH8')).ok).toBe(true);
      }
      expect(calls).toBe(6);
    });

    it('lets a hook that finishes in time return its answer', () => {
      const { hooks, failures } = runner(2000);
      const outcome = hooks.adjustReadiness(
        owner({
          adjustReadiness: ({ readiness }: { readiness: { score: number } }) => {
            let n = 0;
            for (let i = 0; i < 10_000; i++) n += i;
            return n > 0 && readiness.score < 50 ? [{ rag: 'red', reason: 'score under 50' }] : [];
          },
        }),
        readinessContext(),
      );
      expect(outcome).toEqual({ ok: true, value: [{ rag: 'red', reason: 'score under 50' }] });
      expect(failures).toEqual([]);
    });
  });

  describe('promises', () => {
    it('refuses a promise from a hook that must answer synchronously, without an unhandled rejection', () => {
      const { hooks } = runner();
      const outcome = hooks.adjustReadiness(owner({ adjustReadiness: () => Promise.reject(new Error('late')) }), readinessContext());
      expect(outcome).toEqual({
        ok: false,
        failure: expect.objectContaining({ kind: 'invalid-result', detail: 'returned a promise; adjustReadiness must return its result synchronously' }),
      });
    });

    it('gives a promise what is left of the time limit, through Promise.race', async () => {
      const failures: HookFailure[] = [];
      const hooks = new PluginHookRunner({ timeoutMs: 100, onFailure: (f) => failures.push(f) });
      const check = (evaluate: () => unknown) =>
        hooks.evaluate('trust-extras', { id: 'audit-done', evaluate }, { ...readinessContext(), today: '2026-06-01', run: null, options: {} });
      expect(await check(async () => ({ status: 'met', evidence: 'looked up' }))).toEqual({ ok: true, value: { status: 'met', evidence: 'looked up' } });
      expect(await check(() => new Promise(() => undefined))).toEqual({
        ok: false,
        failure: expect.objectContaining({
          hook: 'complianceChecks.audit-done.evaluate',
          kind: 'timed-out',
          subject: { organisation: 'RH8', check: 'audit-done' },
        }),
      });
      expect(await check(() => Promise.reject(new Error('results service down')))).toEqual({
        ok: false,
        failure: expect.objectContaining({ kind: 'threw', detail: 'results service down' }),
      });
      expect(
        await check(() => {
          for (;;);
        }),
      ).toEqual({ ok: false, failure: expect.objectContaining({ kind: 'timed-out' }) });
      expect(failures.map((f) => f.kind)).toEqual(['timed-out', 'threw', 'timed-out']);
    });
  });

  describe('inputs', () => {
    it('hands every call copies, so a hook cannot change what the host holds', () => {
      const { hooks } = runner();
      const steps = [aStep('core.first'), aStep('core.second')];
      const options = { sites: ['Exeter'] };
      const org = { ...ORG };
      const outcome = hooks.appliesTo(
        owner(
          {
            appliesTo: (step: { id: string; title: string }, organisation: { name: string }, opts: { sites: string[] }) => {
              step.title = 'changed';
              organisation.name = 'changed';
              opts.sites.push('Plymouth');
              return true;
            },
          },
          options,
        ),
        steps,
        org,
      );
      expect(outcome.ok).toBe(true);
      expect(steps.map((s) => s.title)).not.toContain('changed');
      expect(org.name).toBe('Royal Devon');
      expect(options.sites).toEqual(['Exeter']);
    });
  });

  describe('appliesTo', () => {
    const steps = [aStep('core.first'), aStep('core.second'), aStep('core.third')];

    it('answers for every step in one call: false leaves a step out, anything else keeps it', () => {
      const { hooks } = runner();
      const answers = (step: { id: string }) => (step.id === 'core.second' ? false : step.id === 'core.third' ? undefined : true);
      expect(hooks.appliesTo(owner({ appliesTo: answers }), steps, ORG)).toEqual({ ok: true, value: [true, false, true] });
    });

    it('is strict for the conformance kit: only true or false', () => {
      const { hooks } = runner();
      const outcome = hooks.appliesTo(owner({ appliesTo: (step: { id: string }) => (step.id === 'core.third' ? 'yes' : true) }), steps, ORG, { strict: true });
      expect(outcome).toEqual({
        ok: false,
        failure: expect.objectContaining({ kind: 'invalid-result', detail: 'returned "yes" for step core.third; expected true or false' }),
      });
    });

    it('names the step a throwing hook failed on', () => {
      const { hooks } = runner();
      const outcome = hooks.appliesTo(
        owner({
          appliesTo: (step: { id: string }) => {
            if (step.id === 'core.second') throw new TypeError("Cannot read properties of undefined (reading 'sites')");
            return true;
          },
        }),
        steps,
        ORG,
      );
      expect(outcome).toEqual({
        ok: false,
        failure: {
          plugin: 'trust-extras',
          hook: 'appliesTo',
          kind: 'threw',
          detail: "on step core.second: Cannot read properties of undefined (reading 'sites')",
          timeoutMs: 100,
          subject: { organisation: 'RH8' },
        },
      });
    });

    it('refuses an answer given as a promise', () => {
      const { hooks } = runner();
      expect(hooks.appliesTo(owner({ appliesTo: async () => false }), steps, ORG)).toEqual({
        ok: false,
        failure: expect.objectContaining({ kind: 'invalid-result', detail: expect.stringContaining('returned a promise for step core.first') }),
      });
    });
  });

  describe('results', () => {
    it.each([
      ['a list of reasons', [{ rag: 'amber', reason: 'x' }], true],
      ['nothing', undefined, true],
      ['a green reason', [{ rag: 'green', reason: 'x' }], false],
      ['a reason without text', [{ rag: 'red' }], false],
      ['an object', { rag: 'red', reason: 'x' }, false],
      ['a list with null in it', [null], false],
    ])('checks what adjustReadiness returns: %s', (_, returned, valid) => {
      const { hooks } = runner();
      expect(hooks.adjustReadiness(owner({ adjustReadiness: () => returned }), readinessContext()).ok).toBe(valid);
    });

    it('keeps only the fields of a reason the host uses', () => {
      const { hooks } = runner();
      expect(hooks.adjustReadiness(owner({ adjustReadiness: () => [{ rag: 'red', reason: 'x', extra: { big: true } }] }), readinessContext())).toEqual({
        ok: true,
        value: [{ rag: 'red', reason: 'x' }],
      });
    });
  });

  it('describes a failure in words for people, without the plugin’s own message', () => {
    expect(describeHookFailure({ kind: 'threw', hook: 'appliesTo', timeoutMs: 2000 })).toBe('threw an error');
    expect(describeHookFailure({ kind: 'timed-out', hook: 'appliesTo', timeoutMs: 2000 })).toBe('did not finish within the 2000 ms time limit');
    expect(describeHookFailure({ kind: 'invalid-result', hook: 'adjustReadiness', timeoutMs: 2000 })).toBe(
      'returned something other than [{ rag: "red" | "amber", reason: string }]',
    );
  });
});
