import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import { APP_CONFIG, type AppConfig } from '../shared/config/app-config';
import { CLOCK, systemClock, type Clock } from '../shared/domain/clock';
import { openDatabase, type DatabaseSchema } from './database/orm.config';
import { UnitOfWork } from './database/unit-of-work';
import { EventDispatcher } from './events/event-dispatcher';
import { IdempotencyReservations } from './idempotency/idempotency-reservations';
import { createLogger, LOGGER } from './logging/logger';

/** Configuration, logger, database, the unit of work with its event dispatcher, and the clock: the handles every bounded context receives. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  static forRoot(config: AppConfig, schema: DatabaseSchema, clock: Clock = systemClock): DynamicModule {
    return {
      module: PlatformModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: LOGGER, useFactory: () => createLogger(config.logLevel) },
        { provide: MikroORM, useFactory: () => openDatabase(config.database, schema) },
        EventDispatcher,
        IdempotencyReservations,
        UnitOfWork,
      ],
      exports: [APP_CONFIG, CLOCK, LOGGER, MikroORM, UnitOfWork, EventDispatcher],
    };
  }

  async onApplicationShutdown() {
    await this.orm.close();
  }
}
