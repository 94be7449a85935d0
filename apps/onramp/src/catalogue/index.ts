/** The catalogue context as other contexts may use it. */
export { CatalogueModule } from './catalogue.module';
export { loadCatalogue, type LoadedCatalogue } from './catalogue.loader';
export { CATALOGUE } from './catalogue.token';
export { EvidenceRequirementResponse, StepOriginResponse } from './step-definition.response';
