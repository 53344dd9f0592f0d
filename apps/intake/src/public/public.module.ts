import { Module } from '@nestjs/common';
import { PublicDecisionsController } from './public-decisions.controller';
import { PublicDecisionQueries } from './public-decisions.query';

/** What the law publishes, for anyone without a token: decided licences (a query). */
@Module({
  controllers: [PublicDecisionsController],
  providers: [PublicDecisionQueries],
})
export class PublicModule {}
