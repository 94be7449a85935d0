import { DomainError } from '../../shared/domain/domain-error';
import { OnboardingRun } from './onboarding-run';
import { step } from './testing/step-definition.builder';

/** The aggregate applies the shared date window itself, whoever calls it (API, CLI, demo loader). */
const NOW = new Date('2026-12-01T09:00:00Z');
const start = (goLiveDate: string) =>
  OnboardingRun.start({
    id: 'run-1',
    organisation: 'RH8',
    goLiveDate,
    catalogueVersion: '2026.11.1',
    steps: [step('core.a', { dueOffsetDays: -90 })],
    now: NOW,
  });

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('the go-live date window', () => {
  it.each([['2036-12-01'], ['2026-12-02']])('starts a run going live on %s (inside the window)', (date) => {
    expect(start(date).goLiveDate).toBe(date);
  });

  it.each([['2036-12-02'], ['9999-12-31']])('refuses to start a run going live on %s, naming goLiveDate and the window', (date) => {
    const e = refusal(() => start(date));
    expect({ code: e.code, kind: e.kind, details: e.details, message: e.message }).toEqual({
      code: 'ONBOARDING.GO_LIVE_DATE_OUT_OF_RANGE',
      kind: 'invalid',
      details: { field: 'goLiveDate', earliest: '2000-01-01', latest: '2036-12-01' },
      message: `goLiveDate ${date} is after 2036-12-01: dates more than 10 years ahead are not accepted`,
    });
  });

  it('refuses to move go-live beyond the window and leaves the run as it was', () => {
    const run = start('2027-06-01');
    run.pullEvents();
    const e = refusal(() => run.changeGoLiveDate('9999-12-31', { reason: null, now: NOW }));
    expect(e.code).toBe('ONBOARDING.GO_LIVE_DATE_OUT_OF_RANGE');
    expect(run.goLiveDate).toBe('2027-06-01');
    expect(run.step('core.a').dueDate).toBe('2027-03-03');
    expect(run.pullEvents()).toEqual([]);
  });

  it('moves go-live to the last day of the window', () => {
    const run = start('2027-06-01');
    run.changeGoLiveDate('2036-12-01', { reason: null, now: NOW });
    expect(run.goLiveDate).toBe('2036-12-01');
  });
});
