import { dueInWords, messageInWords, ragTag, roleInSentence, statusTag } from './words.view';

describe('the words of the onboarding pages', () => {
  it('tags every status and RAG status, with "Not started" for an organisation without a run', () => {
    expect(statusTag('awaiting-sign-off')).toEqual({ label: 'Awaiting sign-off', colour: 'yellow' });
    expect(statusTag('waived')).toEqual({ label: 'Not applicable (waived)', colour: 'white' });
    expect(ragTag('amber')).toEqual({ label: 'Amber', colour: 'orange' });
    expect(ragTag(null)).toEqual({ label: 'Not started', colour: 'grey' });
  });

  it('writes due dates in UK format with how far off they are, and a settled step’s date alone', () => {
    expect(dueInWords('2026-12-03', '2026-12-01', false, 'Europe/London')).toBe('3 December 2026 (due in 2 days)');
    expect(dueInWords('2026-11-28', '2026-12-01', false, 'Europe/London')).toBe('28 November 2026 (3 days overdue)');
    expect(dueInWords('2026-11-28', '2026-12-01', true, 'Europe/London')).toBe('28 November 2026');
  });

  it('names roles inside a sentence in lower case, keeping acronyms and proper names', () => {
    expect(roleInSentence('clinical-lead')).toBe('clinical lead');
    expect(roleInSentence('ra-manager')).toBe('RA manager');
    expect(roleInSentence('clinical-safety-officer')).toBe('Clinical Safety Officer');
    expect(roleInSentence('national-team')).toBe('national team');
  });

  it('turns the step ids and role codes of a domain message into titles and names', () => {
    const titles = new Map([
      ['core.build-services', 'Build services on the Directory of Services'],
      ['core.build-services-review', 'Review the services'],
      ['core.train', 'Train users'],
    ]);
    expect(
      messageInWords(
        'you completed step "core.build-services" yourself, so someone else must sign it off (four eyes); an implementation lead can allow self sign-off',
        titles,
      ),
    ).toBe(
      'You completed step ‘Build services on the Directory of Services’ yourself, so someone else must sign it off (four eyes); an implementation lead can allow self sign-off',
    );
    expect(messageInWords('step "core.train" cannot be completed before core.build-services-review, core.build-services are done or waived', titles)).toBe(
      'Step ‘Train users’ cannot be completed before ‘Review the services’, ‘Build services on the Directory of Services’ are done or waived',
    );
    expect(messageInWords('step "core.train" must be signed off by the clinical-lead; you are acting as contributor', titles)).toBe(
      'Step ‘Train users’ must be signed off by the clinical lead; you are acting as contributor',
    );
  });
});
