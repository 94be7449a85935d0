import { DomainError } from '../../shared/domain/domain-error';
import { assertAnImplementationLeadRemains, isLastImplementationLead, type RoleHolder } from './implementation-leads';

const person = (id: string, accessRole: string, removedAt: Date | null = null): RoleHolder => ({ id, name: `Person ${id}`, accessRole, removedAt });

describe('the last implementation lead', () => {
  it('is the only implementation lead still holding a role', () => {
    const people = [person('a', 'implementation-lead'), person('b', 'clinical-lead'), person('c', 'implementation-lead', new Date())];
    expect(isLastImplementationLead(people, 'a')).toBe(true);
    expect(isLastImplementationLead(people, 'b')).toBe(false);
    expect(isLastImplementationLead(people, 'c')).toBe(false);
  });

  it('is nobody while two implementation leads hold their role', () => {
    const people = [person('a', 'implementation-lead'), person('b', 'implementation-lead')];
    expect(isLastImplementationLead(people, 'a')).toBe(false);
    expect(() => assertAnImplementationLeadRemains(people, 'a', 'remove', 'Test Trust')).not.toThrow();
  });

  it('cannot be removed or given other access, and the refusal says who and what to do', () => {
    const people = [person('a', 'implementation-lead'), person('b', 'contributor')];
    for (const change of ['remove', 'change-access'] as const) {
      let error: unknown;
      try {
        assertAnImplementationLeadRemains(people, 'a', change, 'Test Trust');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'PERSON.LAST_IMPLEMENTATION_LEAD', kind: 'conflict', details: { personId: 'a' } });
      expect((error as Error).message).toMatch(
        /^Person a is the only implementation lead of Test Trust, so they cannot be (removed|given another access role): give someone else/,
      );
    }
  });

  it('leaves the others alone when there is no implementation lead at all', () => {
    expect(() => assertAnImplementationLeadRemains([person('b', 'contributor')], 'b', 'remove', 'Test Trust')).not.toThrow();
  });
});
