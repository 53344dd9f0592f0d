import { Module } from '@nestjs/common';
import { ClassifyEntityHandler } from './commands/classify-entity';
import { RegisterController } from './register.controller';
import { RegisterQueries } from './register.queries';

/** The register of regulated entities (HTTP side): the list, one entity, its classification. */
@Module({
  controllers: [RegisterController],
  providers: [RegisterQueries, ClassifyEntityHandler],
})
export class RegisterModule {}
