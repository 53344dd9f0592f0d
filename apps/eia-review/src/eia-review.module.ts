import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { EiaReviewHttpConfig } from '@permits/config';
import { HttpPlatformModule } from '@permits/http';
import { QueueModule } from '@permits/queue';
import { CaseworkModule } from '@permits/workflow-runtime';
import { EiaEffects } from './cases/eia.effects';
import { ClassificationController } from './classification/classification.controller';
import { ClassificationQueries } from './classification/classification.queries';
import { eiaReviewDataSourceOptions } from './data-source';
import { ReceiveDeclarationHandler } from './national-eia/commands/receive-declaration';
import { NationalEiaController } from './national-eia/national-eia.controller';
import { NationalSignatureGuard } from './national-eia/signature.guard';

/** HTTP side: EIA review tasks, classification, the national EIA system's inbound declarations. */
@Module({})
export class EiaReviewHttpModule {
  static forRoot(config: EiaReviewHttpConfig): DynamicModule {
    return {
      module: EiaReviewHttpModule,
      imports: [
        HttpPlatformModule.forRoot({ service: 'eia-review', config }),
        TypeOrmModule.forRoot(eiaReviewDataSourceOptions(config.DATABASE_URL, config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE)),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        CqrsModule.forRoot(),
        CaseworkModule.forRoot({ taskPrefix: 'ea', effects: EiaEffects, config }),
      ],
      controllers: [ClassificationController, NationalEiaController],
      providers: [ReceiveDeclarationHandler, NationalSignatureGuard, ClassificationQueries],
    };
  }
}
