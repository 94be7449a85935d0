import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ORGANISATION_TYPES } from '../../../shared/plugin-sdk';

@ApiSchema({ name: 'PluginSource', description: 'Where a plugin was loaded from.' })
export class PluginSourceResponse {
  @ApiProperty({ enum: ['built-in', 'path', 'package'] })
  kind!: string;

  @ApiProperty({ description: 'The plugin as configured: a built-in id, a path or an npm package name', example: 'acute' })
  spec!: string;
}

@ApiSchema({ name: 'PluginComplianceCheck', description: 'A best-practice guideline the plugin checks for the compliance report.' })
export class PluginComplianceCheckResponse {
  @ApiProperty({ example: 'paper-switch-off' })
  id!: string;

  @ApiProperty({ example: 'Paper referrals are switched off' })
  title!: string;
}

@ApiSchema({ name: 'PluginHooks', description: 'The hooks a plugin provides.' })
export class PluginHooksResponse {
  @ApiProperty({ description: 'It decides which steps apply to an organisation' })
  appliesTo!: boolean;

  @ApiProperty({ description: 'It can make readiness red or amber, with its reasons' })
  adjustReadiness!: boolean;

  @ApiProperty({ type: [PluginComplianceCheckResponse], description: 'The compliance checks it adds' })
  complianceChecks!: PluginComplianceCheckResponse[];
}

@ApiSchema({ name: 'Plugin', description: 'A plugin enabled on this server.' })
export class PluginResponse {
  @ApiProperty({ example: 'acute' })
  id!: string;

  @ApiProperty({ example: '1.2.0' })
  version!: string;

  @ApiProperty({ description: 'The semver range of the plugin API it needs', example: '^1.0.0' })
  hostApi!: string;

  @ApiProperty({
    oneOf: [
      { type: 'string', enum: ['*'] },
      { type: 'array', items: { type: 'string', enum: [...ORGANISATION_TYPES] } },
    ],
    description: 'The organisation types it applies to, or `*` for every type',
  })
  organisationTypes!: '*' | string[];

  @ApiProperty({ type: [String], description: 'Plugins it needs enabled before it' })
  dependsOn!: string[];

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Steps it adds to a checklist' })
  stepCount!: number;

  @ApiProperty({ type: 'string', nullable: true })
  description!: string | null;

  @ApiProperty({ type: PluginSourceResponse })
  source!: PluginSourceResponse;

  @ApiProperty({ type: 'string', nullable: true, description: 'Set when its hostApi excludes this server and it was allowed anyway' })
  compatibilityWarning!: string | null;

  @ApiProperty({ type: PluginHooksResponse })
  hooks!: PluginHooksResponse;

  @ApiProperty({ description: 'It ships email templates of its own' })
  templates!: boolean;
}

@ApiSchema({ name: 'PluginList', description: 'The plugins enabled on this server, in the configured order.' })
export class PluginListResponse {
  @ApiProperty({ description: 'The plugin API version this server implements', example: '1.0.0' })
  pluginApiVersion!: string;

  @ApiProperty({ type: [PluginResponse] })
  items!: PluginResponse[];
}
