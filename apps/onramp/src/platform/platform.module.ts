import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { CLOCK, systemClock, type Clock } from '../shared/domain/clock';
import { openDatabase } from './database/orm.config';
import { UnitOfWork } from './database/unit-of-work';
import { createLogger, LOGGER } from './logging/logger';

/** Configuration, logger, database and clock: the handles every bounded context receives. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  static forRoot(config: AppConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: LOGGER, useFactory: () => createLogger(config.logLevel) },
        { provide: MikroORM, useFactory: () => openDatabase(config.database) },
        UnitOfWork,
      ],
      exports: [APP_CONFIG, CLOCK, LOGGER, MikroORM, UnitOfWork],
    };
  }

  async onApplicationShutdown() {
    await this.orm.close();
  }
}
