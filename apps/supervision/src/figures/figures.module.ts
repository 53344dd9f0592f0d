import { Module } from '@nestjs/common';
import { FiguresController } from './figures.controller';
import { FiguresQueries } from './figures.queries';

/** The supervision figures of the business-environment report (read only). */
@Module({
  controllers: [FiguresController],
  providers: [FiguresQueries],
})
export class FiguresModule {}
