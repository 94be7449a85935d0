import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { MikroORM } from '@mikro-orm/core';
import { CreateToken } from '../identity';
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

/**
 * Loads demo organisations through the real commands (so the audit trail and readiness are real)
 * and writes one token per demo role to `<dataDir>/demo-tokens.txt` (mode 600), never to the log.
 */
export async function loadDemoData(app: INestApplicationContext, dataDir: string, now: Date): Promise<string> {
  const bus = app.get(CommandBus);
  const system: Actor = { id: 'demo-loader', role: 'admin', label: 'demo data loader' };
  const meta = (actor: Actor = system): CommandMeta => ({ actor, correlationId: `demo-${Math.random().toString(36).slice(2, 10)}` });
  const lines = ['# Onramp demo tokens: use one as "Authorization: Bearer <token>" (or the Authorize button at /api/docs).', ''];
  const national = await bus.execute(new CreateToken(null, 'national-team', 'Demo national team', meta()));
  lines.push(`national-team (all organisations, read only): ${national.token}`, '');

  for (const org of DEMO_ORGANISATIONS) {
    await bus.execute(new RegisterOrganisation(org.odsCode, org.name, org.type, meta()));
    const people = new Map<PersonRole, string>();
    for (const p of DEMO_PEOPLE) {
      const email = `${p.name
        .toLowerCase()
        .replace(/^dr /, '')
        .replace(/[^a-z]+/g, '.')}@${org.odsCode.toLowerCase()}.example.nhs.uk`;
      const person = await bus.execute(new AddPerson(org.odsCode, p.name, email, p.role, meta()));
      people.set(p.role, person.id);
    }
    const tokens: Record<string, { token: string; id: string; role: string; label: string }> = {};
    for (const role of ['implementation-lead', 'clinical-lead', 'contributor', 'viewer'] as const) {
      const t = await bus.execute(new CreateToken(org.odsCode, role, `Demo ${role} of ${org.odsCode}`, meta()));
      tokens[role] = t;
      lines.push(`${org.odsCode} ${role}: ${t.token}`);
    }
    lines.push('');
    const lead: Actor = { id: tokens['implementation-lead'].id, role: 'implementation-lead', label: tokens['implementation-lead'].label };
    const clinical: Actor = { id: tokens['clinical-lead'].id, role: 'clinical-lead', label: tokens['clinical-lead'].label };
    let run: OnboardingRun = await bus.execute(new StartOnboarding(org.odsCode, addDays(toIsoDate(now), org.goLiveInDays), meta(lead)));
    for (const d of run.definitions) {
      const assignee = people.get(d.ownerRole);
      if (assignee) run = await bus.execute(new AssignStep(org.odsCode, d.id, assignee, meta(lead)));
    }
    // Complete the first few steps in dependency order so the dashboard has progress to show.
    let completed = 0;
    for (const d of run.definitions) {
      if (completed >= org.progress) break;
      if (!d.dependsOn.every((dep) => run.step(dep).state.status === 'done')) continue;
      run = await bus.execute(new StartStep(org.odsCode, d.id, meta(lead)));
      const evidence = d.evidence.map((e) => ({ key: e.key, reference: `https://intranet.example.nhs.uk/ers/${org.odsCode.toLowerCase()}/${e.key}` }));
      run = await bus.execute(new CompleteStep(org.odsCode, d.id, evidence, 'Completed as part of the demo data', meta(lead)));
      if (d.signOffRole)
        run = await bus.execute(new SignOffStep(org.odsCode, d.id, 'Reviewed (demo)', meta(d.signOffRole === 'clinical-lead' ? clinical : lead)));
      completed++;
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'demo-tokens.txt');
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}
