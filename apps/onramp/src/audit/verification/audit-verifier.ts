import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/core';
import { ApiTokenEntity } from '../../identity';
import { ChecklistRepository, OnboardingRun, OnboardingRunEntity } from '../../onboarding';
import { TrailReplay } from '../replay/trail-replay';
import { expandState } from '../../onboarding';
import { OrganisationEntity, PersonEntity } from '../../organisations';
import { canonicalJson } from '../../shared/domain/canonical-json';
import { AUDIT_KEYS } from '../audit-keys';
import { CheckpointWriter } from '../checkpoints/checkpoint-writer';
import { CheckpointStore, type LatestCheckpoints } from '../checkpoints/checkpoint-store';
import type { AuditKeys } from '../domain/audit-signing';
import { verifyAnchoredChain, type AnchoredChainVerification } from '../domain/chain-verification';
import { GLOBAL_CHAIN } from '../events/audit-trail.subscriber';
import { AuditEventEntity } from '../persistence/audit-event.entity';
import { AuditHeadEntity } from '../persistence/audit-head.entity';

export interface TrailVerification extends AnchoredChainVerification {
  chain: string;
  /** When the checkpoint it was checked against was signed (ISO instant); null without one. */
  checkpointAt: string | null;
  /** Stored state the trail does not explain: a run, token, person or organisation changed outside Onramp. */
  unexplained: string[];
}

/** How many differences are listed per chain before the rest are counted. */
const MAX_LISTED = 20;

/**
 * Verifies the audit trail the way an auditor would: each chain against its head, the latest
 * signed checkpoint kept outside the database and every entry's seal; then replays the trail to
 * rebuild the run's step states, the tokens' revocations, the people and the organisation, and
 * reports any stored state the events do not explain.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
    private readonly checkpoints: CheckpointWriter,
    private readonly checklists: ChecklistRepository,
    private readonly replay: TrailReplay,
  ) {}

  /**
   * The latest checkpoint of each chain from the checkpoint directory and any other folders of
   * checkpoint files (the attachments the national team kept), for several verifications in a row.
   */
  async latestCheckpoints(extraDirs: string[] = [], onlyChain?: string): Promise<LatestCheckpoints> {
    const merged = await this.checkpoints.store.readLatest(this.keys, onlyChain);
    for (const dir of extraDirs) {
      const other = await new CheckpointStore(dir).readLatest(this.keys, onlyChain);
      merged.problems.push(...other.problems);
      merged.valid += other.valid;
      merged.files += other.files;
      for (const [chain, c] of other.latest) if ((merged.latest.get(chain)?.seq ?? -1) < c.seq) merged.latest.set(chain, c);
    }
    return merged;
  }

  async verifyChain(em: EntityManager, chain: string, latest?: LatestCheckpoints): Promise<TrailVerification> {
    const { latest: byChain } = latest ?? (await this.latestCheckpoints([], chain));
    const entries = await em.find(AuditEventEntity, { organisation: chain }, { orderBy: { seq: 'asc' }, disableIdentityMap: true });
    const head = await em.findOne(AuditHeadEntity, { chain }, { disableIdentityMap: true });
    const checkpoint = byChain.get(chain) ?? null;
    const result = verifyAnchoredChain({
      chain,
      entries,
      head: head ? { seq: head.seq, hash: head.head } : null,
      checkpoint,
      keys: this.keys,
    });
    const unexplained = await this.explain(em, chain, entries);
    const checkpointAt = result.anchoredAt !== null && checkpoint ? checkpoint.at : null;
    return { chain, ...result, checkpointAt, valid: result.valid && unexplained.length === 0, unexplained };
  }

  /** Every chain: each organisation's, the global one, and any chain a checkpoint names that the database no longer has. */
  async verifyAll(
    em: EntityManager,
    progress: (done: number, total: number, result: TrailVerification) => void = () => undefined,
  ): Promise<TrailVerification[]> {
    const latest = await this.latestCheckpoints();
    const organisations = (await em.find(OrganisationEntity, {}, { fields: ['odsCode'], orderBy: { odsCode: 'asc' }, disableIdentityMap: true })).map(
      (o) => o.odsCode,
    );
    const heads = (await em.find(AuditHeadEntity, {}, { fields: ['chain'], disableIdentityMap: true })).map((h) => h.chain);
    const chains = [...new Set([...organisations, GLOBAL_CHAIN, ...heads, ...latest.latest.keys()])].sort();
    const results: TrailVerification[] = [];
    for (const chain of chains) {
      const result = await this.verifyChain(em, chain, latest);
      results.push(result);
      progress(results.length, chains.length, result);
    }
    return results;
  }

  private async explain(em: EntityManager, chain: string, entries: AuditEventEntity[]): Promise<string[]> {
    const out: string[] = [];
    const legacy = entries.some((e) => e.hashVersion < 2);
    const payloads = entries.map((e) => ({ entry: e, payload: JSON.parse(e.payload) as Record<string, unknown> }));
    const ofType = (type: string) => payloads.filter((p) => p.entry.type === type);

    // Tokens: every row was issued on this chain, and is revoked exactly when the trail says so.
    const tokens = await em.find(ApiTokenEntity, { organisation: chain === GLOBAL_CHAIN ? null : chain }, { disableIdentityMap: true });
    const issued = new Map(ofType('AccessTokenIssued').map((p) => [p.payload.tokenId as string, p.payload]));
    const revoked = new Set(ofType('AccessTokenRevoked').map((p) => p.payload.tokenId as string));
    for (const t of tokens) {
      const i = issued.get(t.id);
      if (!i) out.push(`token ${t.id} (${t.role}, "${t.label}") is in the database but the trail never issued it`);
      else if (i.role !== t.role || i.label !== t.label) out.push(`token ${t.id}: its role or label was changed after it was issued`);
      if (t.revokedAt && !revoked.has(t.id)) out.push(`token ${t.id} is marked revoked but the trail never revoked it`);
      if (!t.revokedAt && revoked.has(t.id)) out.push(`token ${t.id} was revoked on the trail but the database shows it active again`);
    }
    for (const id of issued.keys()) if (!tokens.some((t) => t.id === id)) out.push(`token ${id} was issued on the trail but is missing from the database`);
    if (chain === GLOBAL_CHAIN) return out.slice(0, MAX_LISTED);

    // The organisation and its people.
    const organisation = await em.findOne(OrganisationEntity, { odsCode: chain }, { disableIdentityMap: true });
    const registered = ofType('OrganisationRegistered')[0]?.payload;
    if (!organisation && entries.length) out.push(`organisation ${chain} has a trail but is missing from the database`);
    if (organisation && !registered) out.push(`organisation ${chain} is in the database but the trail never registered it`);
    if (organisation && registered && (registered.name !== organisation.name || (registered.organisationType ?? registered.type) !== organisation.type))
      out.push(`organisation ${chain}: its name or type was changed outside Onramp`);
    const settings = ofType('SelfSignOffSettingChanged');
    const allowed = settings.length ? settings[settings.length - 1].payload.allowed === true : false;
    if (organisation && organisation.allowSelfSignOff !== allowed)
      out.push(
        `organisation ${chain}: self sign-off is ${organisation.allowSelfSignOff ? 'allowed' : 'not allowed'}, but the trail says it is ${allowed ? 'allowed' : 'not'}`,
      );
    const people = await em.find(PersonEntity, { organisation: chain }, { disableIdentityMap: true });
    const told = peopleOnTrail(payloads);
    for (const person of people) {
      const t = told.get(person.id);
      if (!t) out.push(`person ${person.id} (${person.name}) is in the database but the trail never added them`);
      else if (t.name !== person.name || t.email !== person.email || t.role !== person.role)
        out.push(`person ${person.id}: name, email or role changed outside Onramp`);
      else if (t.removed !== (person.removedAt !== null))
        out.push(
          `person ${person.id} (${person.name}) is ${person.removedAt ? 'removed' : 'holding their role'} in the database, but the trail says otherwise`,
        );
    }

    // The run: replaying its events must give exactly the stored state.
    out.push(...(await this.explainRun(em, chain, entries, legacy)));
    return out.length > MAX_LISTED ? [...out.slice(0, MAX_LISTED), `and ${out.length - MAX_LISTED} more`] : out;
  }

  private async explainRun(em: EntityManager, ods: string, entries: AuditEventEntity[], legacy: boolean): Promise<string[]> {
    const row = await em.findOne(OnboardingRunEntity, { organisation: ods }, { disableIdentityMap: true });
    const started = entries.some((e) => e.type === 'OnboardingStarted');
    if (!row) return started ? [`the onboarding run of ${ods} has events on the trail but is missing from the database`] : [];
    if (!started) return [`the onboarding run of ${ods} is in the database but the trail never started it`];
    let stored: ReturnType<OnboardingRun['snapshot']>;
    let replayed: ReturnType<OnboardingRun['snapshot']>;
    try {
      stored = expandState(row.state, await this.checklists.get(em, row.checklistHash));
      replayed = (await this.replay.replayRun(em, ods, entries))!.snapshot();
    } catch (e) {
      return [`the onboarding run of ${ods} cannot be rebuilt from its trail: ${(e as Error).message}`];
    }
    const out: string[] = [];
    if (stored.goLiveDate !== replayed.goLiveDate)
      out.push(`run ${ods}: the stored go-live date is ${stored.goLiveDate}, the trail says ${replayed.goLiveDate}`);
    if (stored.checklistHash !== replayed.checklistHash)
      out.push(`run ${ods}: the stored checklist is ${stored.checklistHash}, the trail says ${replayed.checklistHash}`);
    // Entries written before events carried the actor's name cannot vouch for names: compare ids and roles only there.
    const comparable = (v: unknown) => canonicalJson(v, legacy ? (k) => k !== 'label' : undefined);
    for (const id of new Set([...Object.keys(stored.steps), ...Object.keys(replayed.steps)])) {
      const s = stored.steps[id];
      const r = replayed.steps[id];
      if (!s || !r) out.push(`run ${ods}: step ${id} is ${s ? 'stored but not on the trail' : 'on the trail but not stored'}`);
      else if (comparable(s) !== comparable(r))
        out.push(
          s.status !== r.status
            ? `run ${ods}: step ${id} is stored as ${s.status} but the trail says ${r.status}`
            : `run ${ods}: step ${id} (${s.status}) holds details the trail does not explain (evidence, who or when)`,
        );
    }
    return out;
  }
}

/**
 * The people as the trail tells it, applied in order: added (or added again, bringing the same row
 * back), renamed, removed. Access roles are not compared: the trail has recorded them only since
 * people could be changed.
 */
function peopleOnTrail(entries: readonly { entry: AuditEventEntity; payload: Record<string, unknown> }[]) {
  const people = new Map<string, { name: unknown; email: unknown; role: unknown; removed: boolean }>();
  for (const { entry, payload } of entries) {
    const id = payload.personId as string;
    const known = people.get(id);
    if (entry.type === 'PersonAdded') people.set(id, { name: payload.name, email: payload.email, role: payload.role, removed: false });
    else if (entry.type === 'PersonChanged' && known) {
      const changes = (payload.changes ?? {}) as { name?: unknown };
      if (changes.name !== undefined) known.name = changes.name;
    } else if (entry.type === 'PersonRemoved' && known) known.removed = true;
  }
  return people;
}
