import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { loadCatalogue } from './catalogue.loader';
import { CATALOGUE } from './catalogue.token';
import { GetCatalogueController } from './queries/get-catalogue/get-catalogue.controller';

/** The core checklist, loaded and validated once at start-up: a bad file stops the server. */
@Global()
@Module({
  providers: [{ provide: CATALOGUE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadCatalogue(config.catalogueFile) }],
  controllers: [GetCatalogueController],
  exports: [CATALOGUE],
})
export class CatalogueModule {}
