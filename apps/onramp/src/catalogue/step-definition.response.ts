import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { AREAS, PERSON_ROLES, SIGN_OFF_ROLES } from '../shared/plugin-sdk';

@ApiSchema({ name: 'EvidenceRequirement', description: 'Evidence a step needs before it can be completed.' })
export class EvidenceRequirementResponse {
  @ApiProperty({ description: 'Stable key a completion names when it supplies this evidence', example: 'appointment-record' })
  key!: string;

  @ApiProperty({ example: 'Board minute or letter appointing the implementation lead' })
  description!: string;
}

@ApiSchema({ name: 'StepOrigin', description: 'Which part of Onramp put the step in the checklist, and why.' })
export class StepOriginResponse {
  @ApiProperty({ description: '`core` or a plugin id', example: 'core' })
  source!: string;

  @ApiProperty({ example: 'core checklist' })
  reason!: string;
}

@ApiSchema({ name: 'StepDefinition', description: 'One step of a checklist, as data.' })
export class StepDefinitionResponse {
  @ApiProperty({ description: 'Namespaced id: `core.*`, or the plugin id as prefix', example: 'core.appoint-implementation-lead' })
  id!: string;

  @ApiProperty({ example: 'Appoint an implementation lead' })
  title!: string;

  @ApiProperty({ enum: AREAS })
  area!: string;

  @ApiProperty({ enum: PERSON_ROLES, description: 'The role that owns the step' })
  ownerRole!: string;

  @ApiProperty({ type: [String], description: 'Steps that must be done or waived first' })
  dependsOn!: string[];

  @ApiProperty({ type: 'integer', description: 'Due date in days relative to the go-live date; negative is before go-live', example: -120 })
  dueOffsetDays!: number;

  @ApiProperty({ type: [EvidenceRequirementResponse] })
  evidence!: EvidenceRequirementResponse[];

  @ApiProperty({ enum: SIGN_OFF_ROLES, nullable: true, description: 'When set, a completed step is not done until a holder of this role signs it off' })
  signOffRole!: string | null;

  @ApiProperty({ description: 'Go-live must not happen while a gate step is neither done nor waived' })
  gate!: boolean;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, description: 'Importance in the readiness score' })
  weight!: number;

  @ApiProperty({ description: 'What to do and why, in plain language' })
  guidance!: string;

  @ApiProperty({ format: 'uri', description: 'The public NHS page the step is derived from' })
  source!: string;

  @ApiProperty({ type: StepOriginResponse })
  origin!: StepOriginResponse;
}
