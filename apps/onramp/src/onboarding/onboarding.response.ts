import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { EvidenceRequirementResponse, StepOriginResponse } from '../catalogue';
import { PersonResponse } from '../organisations';
import { STEP_STATUSES } from '../shared/domain/step-status';
import { AREAS, PERSON_ROLES, SIGN_OFF_ROLES } from '../shared/plugin-sdk';

@ApiSchema({ name: 'ActorRef', description: 'Who did something: a person’s token or an integration, with its role at the time.' })
export class ActorRefResponse {
  @ApiProperty({ description: 'The token or system actor id' })
  id!: string;

  @ApiProperty({ description: 'The role it acted in', example: 'implementation-lead' })
  role!: string;

  @ApiProperty({ description: 'The label of the token, for people', example: 'Priya Shah (implementation lead) laptop' })
  label!: string;
}

@ApiSchema({ name: 'EvidenceReference', description: 'Where the evidence for one requirement is kept.' })
export class EvidenceReferenceResponse {
  @ApiProperty({ description: 'The evidence requirement it satisfies', example: 'appointment-record' })
  key!: string;

  @ApiProperty({ description: 'A link or document reference', example: 'https://intranet.example.nhs.uk/board/2026-09' })
  reference!: string;
}

@ApiSchema({ name: 'PriorCompletion', description: 'A completion or waiver of the step that was later reopened: kept so nothing done is forgotten.' })
export class PriorCompletionResponse {
  @ApiProperty({ enum: STEP_STATUSES, description: 'The status the step had when it was reopened' })
  status!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' })
  completedAt!: string | null;

  @ApiProperty({ type: () => ActorRefResponse, nullable: true })
  completedBy!: ActorRefResponse | null;

  @ApiProperty({ type: [EvidenceReferenceResponse] })
  evidence!: EvidenceReferenceResponse[];

  @ApiProperty({ type: 'string', nullable: true })
  note!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' })
  signedOffAt!: string | null;

  @ApiProperty({ type: () => ActorRefResponse, nullable: true })
  signedOffBy!: ActorRefResponse | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' })
  waivedAt!: string | null;

  @ApiProperty({ type: () => ActorRefResponse, nullable: true })
  waivedBy!: ActorRefResponse | null;

  @ApiProperty({ type: 'string', nullable: true })
  waiverReason!: string | null;

  @ApiProperty({ format: 'date-time' })
  reopenedAt!: string;

  @ApiProperty({ type: () => ActorRefResponse })
  reopenedBy!: ActorRefResponse;

  @ApiProperty()
  reopenReason!: string;
}

@ApiSchema({ name: 'Step', description: 'One step of an onboarding run: its definition, its due date from the go-live date, and its progress.' })
export class StepResponse {
  @ApiProperty({ example: 'core.appoint-implementation-lead' })
  id!: string;

  @ApiProperty({ example: 'Appoint an implementation lead' })
  title!: string;

  @ApiProperty({ enum: AREAS })
  area!: string;

  @ApiProperty({ enum: STEP_STATUSES })
  status!: string;

  @ApiProperty({ enum: PERSON_ROLES, description: 'The role that owns the step' })
  ownerRole!: string;

  @ApiProperty({ type: [String], description: 'Steps that must be done or waived first' })
  dependsOn!: string[];

  @ApiProperty({ format: 'date', description: 'The go-live date plus the step’s due offset' })
  dueDate!: string;

  @ApiProperty({ description: 'Neither done nor waived, and due before today' })
  overdue!: boolean;

  @ApiProperty({ description: 'A go-live gate step: go-live waits for it' })
  gate!: boolean;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, description: 'Importance in the readiness score' })
  weight!: number;

  @ApiProperty({ enum: SIGN_OFF_ROLES, nullable: true, description: 'Who must sign the step off after completion, if anyone' })
  signOffRole!: string | null;

  @ApiProperty({ type: [EvidenceRequirementResponse] })
  evidenceRequired!: EvidenceRequirementResponse[];

  @ApiProperty({ type: () => PersonResponse, nullable: true, description: 'The person the step is assigned to' })
  assignee!: PersonResponse | null;

  @ApiProperty({ type: [EvidenceReferenceResponse], description: 'The evidence given when the step was completed' })
  evidence!: EvidenceReferenceResponse[];

  @ApiProperty({ type: 'string', nullable: true })
  note!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' })
  startedAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' })
  completedAt!: string | null;

  @ApiProperty({ type: () => ActorRefResponse, nullable: true })
  completedBy!: ActorRefResponse | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' })
  signedOffAt!: string | null;

  @ApiProperty({ type: () => ActorRefResponse, nullable: true })
  signedOffBy!: ActorRefResponse | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: 'string' })
  waivedAt!: string | null;

  @ApiProperty({ type: () => ActorRefResponse, nullable: true })
  waivedBy!: ActorRefResponse | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'Why the step does not apply' })
  waiverReason!: string | null;

  @ApiProperty({ type: [PriorCompletionResponse], description: 'Earlier completions and waivers that were reopened, oldest first' })
  history!: PriorCompletionResponse[];

  @ApiProperty({ type: StepOriginResponse, description: 'Why the step is in this run' })
  addedBy!: StepOriginResponse;

  @ApiProperty({ description: 'What to do and why, in plain language' })
  guidance!: string;

  @ApiProperty({ format: 'uri', description: 'The public NHS page the step is derived from' })
  source!: string;
}

@ApiSchema({ name: 'PluginPin', description: 'A plugin version a run was assembled with.' })
export class PluginPinResponse {
  @ApiProperty({ example: 'acute' })
  id!: string;

  @ApiProperty({ example: '1.2.0' })
  version!: string;
}

@ApiSchema({ name: 'OnboardingRun', description: 'An organisation’s onboarding run. `version` is also its ETag.' })
export class RunResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'ODS code of the organisation', example: 'RH8' })
  organisation!: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Changes with every write; send it back as If-Match or expectedVersion' })
  version!: number;

  @ApiProperty({ description: 'The catalogue version the run is pinned to' })
  catalogueVersion!: string;

  @ApiProperty({ type: [PluginPinResponse], description: 'The plugin versions the run is pinned to' })
  plugins!: PluginPinResponse[];

  @ApiProperty({ format: 'date' })
  goLiveDate!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: [StepResponse], description: 'Every step, dependencies before their dependents' })
  steps!: StepResponse[];
}

@ApiSchema({ name: 'StepChange', description: 'The answer to an action on a step: the step as it now is, and the run’s new version (also the ETag).' })
export class StepChangeResponse {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version!: number;

  @ApiProperty({ type: StepResponse })
  step!: StepResponse;
}

@ApiSchema({ name: 'ChecklistCatalogueChange' })
class CatalogueChangeResponse {
  @ApiProperty({ description: 'The catalogue version the run is on' })
  from!: string;

  @ApiProperty({ description: 'The current catalogue version' })
  to!: string;
}

@ApiSchema({ name: 'ChecklistPluginChange' })
class PluginChangeResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: 'string', nullable: true, description: 'The version the run is on; null for a plugin that now applies' })
  from!: string | null;

  @ApiProperty({ type: 'string', nullable: true, description: 'The current version; null for a plugin that no longer applies' })
  to!: string | null;
}

@ApiSchema({ name: 'ChecklistAddedStep' })
class AddedStepResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'Why the step is added' })
  addedBy!: string;
}

@ApiSchema({ name: 'ChecklistRemovedStep' })
class RemovedStepResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ enum: STEP_STATUSES, description: 'The progress the step had when it left the run' })
  status!: string;
}

@ApiSchema({ name: 'ChecklistChangedStep' })
class ChangedStepResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: [String], description: 'The fields of the definition that changed', example: ['guidance', 'dueOffsetDays'] })
  fields!: string[];
}

@ApiSchema({ name: 'ChecklistDiff', description: 'What adopting the current catalogue and plugin versions does to a run.' })
export class ChecklistDiffResponse {
  @ApiProperty({ type: CatalogueChangeResponse })
  catalogue!: CatalogueChangeResponse;

  @ApiProperty({ type: [PluginChangeResponse] })
  plugins!: PluginChangeResponse[];

  @ApiProperty({ type: [AddedStepResponse] })
  added!: AddedStepResponse[];

  @ApiProperty({ type: [RemovedStepResponse] })
  removed!: RemovedStepResponse[];

  @ApiProperty({ type: [ChangedStepResponse] })
  changed!: ChangedStepResponse[];
}
