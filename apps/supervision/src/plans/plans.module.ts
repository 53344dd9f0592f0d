import { Module } from '@nestjs/common';
import { CancelPlanHandler } from './commands/cancel-plan';
import { DrawPlanHandler } from './commands/draw-plan';
import { PlanQueries } from './plan.queries';
import { PlansController, PublicPlansController } from './plans.controller';

/** "Double random" plans: the committed draw, cancellation, verification and publication. */
@Module({
  controllers: [PlansController, PublicPlansController],
  providers: [PlanQueries, DrawPlanHandler, CancelPlanHandler],
})
export class PlansModule {}
