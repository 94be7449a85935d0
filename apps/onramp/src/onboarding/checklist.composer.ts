import { Inject, Injectable } from '@nestjs/common';
import type { LoadedCatalogue } from '../catalogue';
import { CATALOGUE } from '../catalogue';
import type { OrganisationEntity } from '../organisations';
import type { PluginRegistry } from '../plugin-host';
import { PLUGIN_REGISTRY } from '../plugin-host';
import type { StepDefinition } from '../shared/domain/step-definition';
import type { PluginPin } from './domain/checklist-diff';

export interface CurrentChecklist {
  catalogueVersion: string;
  steps: StepDefinition[];
  plugins: PluginPin[];
}

/** The checklist an organisation would get today: the core catalogue plus its applicable plugins. */
@Injectable()
export class ChecklistComposer {
  constructor(
    @Inject(CATALOGUE) private readonly catalogue: LoadedCatalogue,
    @Inject(PLUGIN_REGISTRY) private readonly plugins: PluginRegistry,
  ) {}

  current(organisation: Pick<OrganisationEntity, 'odsCode' | 'name' | 'type'>): CurrentChecklist {
    const composed = this.plugins.compose({ odsCode: organisation.odsCode, name: organisation.name, type: organisation.type });
    return { catalogueVersion: this.catalogue.version, ...composed };
  }
}
