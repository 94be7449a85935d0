import { addsInWords } from './plugins.page';

describe('what a plugin adds, in words', () => {
  const none = { stepCount: 0, hooks: { appliesTo: false, adjustReadiness: false, complianceChecks: [] }, templates: false };

  it('lists its steps, hooks, compliance checks and templates', () => {
    expect(
      addsInWords({
        stepCount: 12,
        hooks: {
          appliesTo: true,
          adjustReadiness: true,
          complianceChecks: [
            { id: 'paper-switch-off', title: 'Paper referrals are switched off' },
            { id: 'dbs', title: 'Directly bookable where the PAS allows' },
          ],
        },
        templates: true,
      }),
    ).toBe(
      '12 steps to the checklist; decides which steps apply to each organisation; can make readiness red or amber, saying why; 2 compliance checks: Paper referrals are switched off; Directly bookable where the PAS allows; email templates of its own.',
    );
  });

  it('counts one of a kind in the singular', () => {
    expect(addsInWords({ ...none, stepCount: 1, hooks: { ...none.hooks, complianceChecks: [{ id: 'a', title: 'One check' }] } })).toBe(
      '1 step to the checklist; 1 compliance check: One check.',
    );
  });

  it('says so when it adds nothing', () => {
    expect(addsInWords(none)).toBe('Nothing yet: it has no steps or hooks.');
  });
});
