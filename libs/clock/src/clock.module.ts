import { DynamicModule, Global, Module } from '@nestjs/common';
import type IORedis from 'ioredis';
import { BaseConfig } from '@permits/config';
import { REDIS } from '@permits/queue';
import { Clock, createClock } from './clock';

/** Provides the process's Clock: the system clock, or the shared manual one with CLOCK=manual. */
@Global()
@Module({})
export class ClockModule {
  static forRoot(config: BaseConfig): DynamicModule {
    return {
      module: ClockModule,
      providers: [{ provide: Clock, useFactory: (redis: IORedis) => createClock(config, redis), inject: [REDIS] }],
      exports: [Clock],
    };
  }
}
