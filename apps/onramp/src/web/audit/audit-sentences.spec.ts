import type { TrailVerification } from '../../audit';
import { auditSentence, roleInSentence, verificationInWords, type AuditLookups } from './audit-sentences';

const lookups: AuditLookups = {
  stepTitle: (id) => ({ 'core.nominate-clinical-lead': 'Nominate a clinical lead' })[id] ?? null,
  personName: (id) => ({ 'p-1': 'Priya Shah', 'p-2': 'Sam Patel' })[id] ?? null,
  day: (iso) => ({ '2027-06-01': '1 June 2027', '2027-07-01': '1 July 2027' })[iso] ?? iso,
};
const say = (type: string, payload: Record<string, unknown> = {}) => auditSentence({ type, payload }, lookups);

describe('audit entries in words', () => {
  describe('for a step', () => {
    it.each([
      ['StepStarted', {}, 'started ‘Nominate a clinical lead’'],
      ['StepCompleted', { awaitingSignOff: true }, 'completed ‘Nominate a clinical lead’ (awaiting sign-off)'],
      ['StepCompleted', { awaitingSignOff: false }, 'completed ‘Nominate a clinical lead’'],
      ['StepSignedOff', { selfSignOff: false }, 'signed off ‘Nominate a clinical lead’'],
      ['StepWaived', { reason: 'Tertiary referrals only' }, 'waived ‘Nominate a clinical lead’: Tertiary referrals only'],
      ['StepReopened', { reason: 'Evidence was wrong' }, 'reopened ‘Nominate a clinical lead’: Evidence was wrong'],
    ])('%s %j reads "%s"', (type, payload, sentence) => {
      expect(say(type, { stepId: 'core.nominate-clinical-lead', ...payload })).toBe(sentence);
    });

    it('says when a person signed off what they completed themselves', () => {
      expect(say('StepSignedOff', { stepId: 'core.nominate-clinical-lead', selfSignOff: true })).toBe(
        'signed off ‘Nominate a clinical lead’, which they had completed themselves (the organisation allows self sign-off)',
      );
    });

    it('names the assignee, and says so when they are no longer recorded', () => {
      expect(say('StepAssigned', { stepId: 'core.nominate-clinical-lead', assigneeId: 'p-2' })).toBe('assigned ‘Nominate a clinical lead’ to Sam Patel');
      expect(say('StepAssigned', { stepId: 'core.nominate-clinical-lead', assigneeId: 'gone' })).toBe(
        'assigned ‘Nominate a clinical lead’ to a person no longer recorded',
      );
    });

    it('says a step is gone from the checklist rather than show its id', () => {
      expect(say('StepStarted', { stepId: 'acute.retired-step' })).toBe('started a step no longer in the checklist');
    });
  });

  describe('for the run', () => {
    it('gives dates as people read them', () => {
      expect(say('OnboardingStarted', { goLiveDate: '2027-06-01', stepIds: ['a', 'b', 'c'] })).toBe('started onboarding (3 steps, go-live 1 June 2027)');
      expect(say('GoLiveDateChanged', { from: '2027-06-01', to: '2027-07-01', reason: 'PAS upgrade' })).toBe(
        'moved go-live from 1 June 2027 to 1 July 2027: PAS upgrade',
      );
      expect(say('GoLiveDateChanged', { from: '2027-06-01', to: '2027-07-01', reason: null })).toBe('moved go-live from 1 June 2027 to 1 July 2027');
    });

    it('counts what a checklist upgrade changed', () => {
      expect(say('ChecklistAdopted', { diff: { added: [{}, {}], removed: [{}], changed: [] } })).toBe(
        'updated the checklist to the current catalogue and plugins (steps: 2 added, 1 removed)',
      );
    });
  });

  describe('for people and access', () => {
    it.each([
      ['PersonAdded', { personId: 'p-1', name: 'Priya Shah', role: 'booking-clerk' }, 'added Priya Shah as booking clerk and sent them an invitation'],
      ['PersonAdded', { personId: 'p-9', name: 'Ian Lee', role: 'it-lead' }, 'added Ian Lee as IT lead and sent them an invitation'],
      ['PersonInvitedAgain', { personId: 'p-1', name: 'Priya Shah' }, 'sent Priya Shah their invitation again'],
      [
        'PersonRemoved',
        { personId: 'p-1', name: 'Priya Shah', role: 'clinical-lead' },
        'removed Priya Shah from the role clinical lead (their history is kept)',
      ],
      ['PersonChanged', { personId: 'p-1', changes: { accessRole: 'viewer' } }, 'gave Priya Shah viewer access'],
      ['PersonChanged', { personId: 'p-1', changes: { name: 'Priya Shah-Jones' } }, 'changed a person’s name to Priya Shah-Jones'],
      [
        'PersonChanged',
        { personId: 'p-1', changes: { name: 'Priya Shah-Jones', accessRole: 'implementation-lead' } },
        'changed a person’s name to Priya Shah-Jones and gave them implementation lead access',
      ],
      ['AccessTokenIssued', { label: 'PAS bridge', role: 'contributor' }, 'created the API token ‘PAS bridge’, acting as contributor'],
      ['AccessTokenRevoked', { label: 'PAS bridge' }, 'revoked the API token ‘PAS bridge’'],
      ['OrganisationRegistered', { name: 'Royal Test Hospitals', organisationType: 'acute' }, 'registered Royal Test Hospitals as an acute trust'],
      ['OrganisationRegistered', { name: 'Test Care', organisationType: 'independent-sector' }, 'registered Test Care as an independent sector provider'],
    ])('%s %j reads "%s"', (type, payload, sentence) => {
      expect(say(type, payload)).toBe(sentence);
    });

    it('says what the four-eyes setting now means', () => {
      expect(say('SelfSignOffSettingChanged', { allowed: true })).toBe('allowed people to sign off steps they completed themselves (four eyes off)');
      expect(say('SelfSignOffSettingChanged', { allowed: false })).toBe(
        'required every step to be signed off by someone other than the person who completed it (four eyes on)',
      );
    });
  });

  it('puts an event type it has no words for into words, rather than failing', () => {
    expect(say('ServiceMappedToNationalList', { whatever: 1 })).toBe('recorded: Service mapped to national list');
  });

  it('never shows an id where the payload has no name and nobody is recorded', () => {
    expect(say('PersonChanged', { personId: '5b0e…', changes: {} })).toBe('changed the details of a person no longer recorded');
  });

  it('writes roles the way they read mid-sentence', () => {
    expect(['booking-clerk', 'ra-manager', 'clinical-safety-officer', 'contributor'].map(roleInSentence)).toEqual([
      'booking clerk',
      'RA manager',
      'Clinical Safety Officer',
      'contributor',
    ]);
  });
});

describe('the verification result in words', () => {
  const base: TrailVerification = {
    chain: 'RH8',
    valid: true,
    checked: 42,
    firstBrokenAt: null,
    reason: null,
    anchoredAt: 40,
    checkpointAt: '2026-12-03T14:05:00.000Z',
    unanchored: 2,
    entriesAuthenticated: true,
    unexplained: [],
  };

  it('says how many entries verified and up to which signed checkpoint, in UK time', () => {
    expect(verificationInWords(base, 'Europe/London')).toEqual({
      intact: true,
      text: 'The trail is intact: 42 entries verified up to the signed checkpoint of 3 December 2026 at 14:05; the 2 newer entries are protected by their seals until the next checkpoint.',
      problems: [],
    });
    expect(verificationInWords({ ...base, checked: 40, unanchored: 0, checkpointAt: '2026-07-01T09:30:00.000Z' }, 'Europe/London').text).toBe(
      'The trail is intact: 40 entries verified up to the signed checkpoint of 1 July 2026 at 10:30.',
    );
  });

  it('says when no checkpoint covers the trail yet', () => {
    expect(verificationInWords({ ...base, checked: 1, anchoredAt: null, checkpointAt: null, unanchored: 1 }, 'UTC').text).toBe(
      'The trail is intact: 1 entry verified. No signed checkpoint covers it yet: its entries are protected by their seals until the first one is written.',
    );
  });

  it('lists what does not verify, once each', () => {
    const broken = verificationInWords(
      {
        ...base,
        valid: false,
        checked: 1,
        firstBrokenAt: 2,
        reason: 'entry 2 was altered after it was written',
        unexplained: ['person p-1: name, email or role changed outside Onramp'],
      },
      'UTC',
    );
    expect(broken).toEqual({
      intact: false,
      text: 'The trail does not verify: 1 entry fits the chain. Tell your Onramp administrator, who can check it with "onramp audit verify".',
      problems: ['Entry 2 was altered after it was written.', 'person p-1: name, email or role changed outside Onramp'],
    });
    expect(verificationInWords({ ...base, valid: false, checked: 3, firstBrokenAt: 4, reason: 'a seal does not match' }, 'UTC').problems).toEqual([
      'A seal does not match (at entry 4).',
    ]);
  });
});
