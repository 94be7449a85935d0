import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MikroORM } from '@mikro-orm/core';
import { randomBytes } from 'node:crypto';
import { AccountService, CreateToken } from '../identity';
import { AddPerson } from '../organisations';
import { RegisterOrganisation } from '../organisations';
import { OrganisationEntity } from '../organisations';
import { StartOnboarding } from '../onboarding';
import { AssignStep } from '../onboarding';
import { CompleteStep } from '../onboarding';
import { SignOffStep } from '../onboarding';
import { StartStep } from '../onboarding';
import type { OnboardingRun } from '../onboarding';
import { addDays, toIsoDate } from '../shared/domain/clock';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import type { Actor, CommandMeta, PersonRole } from '../shared/domain/roles';

const DEMO_ORGANISATIONS = [
  { odsCode: 'DEMO1', name: 'Demo Valley Hospitals NHS Trust (demo data)', type: 'acute' as const, goLiveInDays: 200, progress: 8 },
  { odsCode: 'DEMO2', name: 'Demo Minds Mental Health Partnership (demo data)', type: 'mental-health' as const, goLiveInDays: 75, progress: 3 },
];

const DEMO_PEOPLE: { name: string; role: PersonRole }[] = [
  { name: 'Alex Morgan', role: 'implementation-lead' },
  { name: 'Dr Sam Patel', role: 'clinical-lead' },
  { name: 'Jo Williams', role: 'it-lead' },
  { name: 'Chris Taylor', role: 'ra-manager' },
  { name: 'Pat Evans', role: 'booking-clerk' },
  { name: 'Robin Hughes', role: 'capacity-manager' },
  { name: 'Dr Lee Chen', role: 'clinician' },
  { name: 'Kim Davies', role: 'training-lead' },
  { name: 'Max Green', role: 'information-governance-lead' },
  { name: 'Ali Khan', role: 'service-manager' },
  { name: 'Dr Rae Scott', role: 'clinical-safety-officer' },
];

/** True when the database holds no organisation: demo data is only ever loaded into an empty database. */
export async function isEmpty(app: INestApplicationContext): Promise<boolean> {
  return (await app.get(MikroORM).em.fork().count(OrganisationEntity, {})) === 0;
}

/** The people whose sign-in details the demo writes out: one of each kind of user. */
const SIGN_IN_ROLES: PersonRole[] = ['implementation-lead', 'clinical-lead', 'booking-clerk'];

/** The demo's implementation lead leads both organisations, so "My work" shows work across organisations. */
const SHARED_LEAD_EMAIL = 'alex.morgan@demo.example.nhs.uk';

const demoEmail = (name: string, ods: string) =>
  `${name
    .toLowerCase()
    .replace(/^dr /, '')
    .replace(/[^a-z]+/g, '.')}@${ods.toLowerCase()}.example.nhs.uk`;

/** A random password that passes the password policy; the demo writes it to its sign-in file only. */
const demoPassword = () => `demo-${randomBytes(12).toString('base64url')}`;

/**
 * Loads demo organisations through the real commands (so the audit trail and readiness are real),
 * with people who can sign in: their emails and passwords go to `<dataDir>/demo-sign-in.txt`, and
 * one API token per demo role to `<dataDir>/demo-tokens.txt` (both mode 600), never to the log.
 * Returns the two files.
 */
export async function loadDemoData(app: INestApplicationContext, dataDir: string, now: Date): Promise<{ signIn: string; tokens: string }> {
  const bus = app.get(CommandBus);
  const accounts = app.get(AccountService);
  const system: Actor = { id: 'demo-loader', role: 'admin', label: 'demo data loader' };
  const meta = (actor: Actor = system): CommandMeta => ({ actor, correlationId: `demo-${Math.random().toString(36).slice(2, 10)}` });
  const lines = ['# Onramp demo tokens: use one as "Authorization: Bearer <token>" (or the Authorize button at /api/docs).', ''];
  const { publicUrl } = app.get<AppConfig>(APP_CONFIG);
  const signIn = [`# Onramp demo people: sign in at ${publicUrl}/sign-in with an email and password below.`, ''];
  const national = await bus.execute(new CreateToken(null, 'national-team', 'Demo national team', meta()));
  lines.push(`national-team (all organisations, read only): ${national.token}`, '');

  const withPassword = new Map<string, string>();
  const givePassword = async (email: string, what: string) => {
    if (withPassword.has(email)) return;
    const account = await accounts.byEmail(email);
    if (!account) throw new Error(`the demo person ${email} has no account`);
    const password = demoPassword();
    await accounts.changePassword(account.id, password);
    withPassword.set(email, password);
    signIn.push(`${what}`, `  email:    ${email}`, `  password: ${password}`, '');
  };
  for (const [email, name, role, what] of [
    ['nia.okafor@england.example.nhs.uk', 'Nia Okafor', 'national-team', 'National team member (every organisation, read only)'],
    ['admin@onramp.example.nhs.uk', 'Onramp Administrator', 'admin', 'Administrator'],
  ] as const) {
    await accounts.grantGlobalRole(email, name, role, meta());
    await givePassword(email, what);
  }

  for (const org of DEMO_ORGANISATIONS) {
    await bus.execute(new RegisterOrganisation(org.odsCode, org.name, org.type, meta()));
    const people = new Map<PersonRole, { id: string; email: string; name: string }>();
    for (const p of DEMO_PEOPLE) {
      const email = p.role === 'implementation-lead' ? SHARED_LEAD_EMAIL : demoEmail(p.name, org.odsCode);
      const person = await bus.execute(new AddPerson(org.odsCode, p.name, email, p.role, meta()));
      people.set(p.role, { id: person.id, email, name: p.name });
      if (SIGN_IN_ROLES.includes(p.role))
        await givePassword(
          email,
          `${p.name}, ${p.role.replace(/-/g, ' ')} (${org.odsCode}${email === SHARED_LEAD_EMAIL ? ' and the other demo organisation' : ''})`,
        );
    }
    // Actions are taken by the demo's people, so the audit trail and sign-offs name them.
    const personActor = async (role: PersonRole, access: Actor['role']): Promise<Actor> => {
      const p = people.get(role)!;
      const account = (await accounts.byEmail(p.email))!;
      return { id: account.id, role: access, label: account.name };
    };
    const tokens: Record<string, { token: string; id: string; role: string; label: string }> = {};
    for (const role of ['implementation-lead', 'clinical-lead', 'contributor', 'viewer'] as const) {
      const t = await bus.execute(new CreateToken(org.odsCode, role, `Demo ${role} of ${org.odsCode}`, meta()));
      tokens[role] = t;
      lines.push(`${org.odsCode} ${role}: ${t.token}`);
    }
    lines.push('');
    const lead = await personActor('implementation-lead', 'implementation-lead');
    const clinical = await personActor('clinical-lead', 'clinical-lead');
    // Four eyes: the IT lead completes what a lead will sign off, so nobody signs off their own work.
    const itLead = await personActor('it-lead', 'contributor');
    let run: OnboardingRun = await bus.execute(new StartOnboarding(org.odsCode, addDays(toIsoDate(now), org.goLiveInDays), meta(lead)));
    for (const d of run.definitions) {
      const assignee = people.get(d.ownerRole);
      if (assignee) run = await bus.execute(new AssignStep(org.odsCode, d.id, assignee.id, meta(lead)));
    }
    // Complete the first few steps in dependency order so the dashboard has progress to show.
    let completed = 0;
    for (const d of run.definitions) {
      if (completed >= org.progress) break;
      if (!d.dependsOn.every((dep) => run.step(dep).state.status === 'done')) continue;
      const worker = d.signOffRole ? itLead : lead;
      run = await bus.execute(new StartStep(org.odsCode, d.id, meta(worker)));
      const evidence = d.evidence.map((e) => ({ key: e.key, reference: `https://intranet.example.nhs.uk/ers/${org.odsCode.toLowerCase()}/${e.key}` }));
      run = await bus.execute(new CompleteStep(org.odsCode, d.id, evidence, 'Completed as part of the demo data', meta(worker)));
      if (d.signOffRole)
        run = await bus.execute(new SignOffStep(org.odsCode, d.id, 'Reviewed (demo)', meta(d.signOffRole === 'clinical-lead' ? clinical : lead)));
      completed++;
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const tokens = join(dataDir, 'demo-tokens.txt');
  writeFileSync(tokens, `${lines.join('\n')}\n`, { mode: 0o600 });
  const signInFile = join(dataDir, 'demo-sign-in.txt');
  writeFileSync(signInFile, `${signIn.join('\n')}\n`, { mode: 0o600 });
  return { signIn: signInFile, tokens };
}
