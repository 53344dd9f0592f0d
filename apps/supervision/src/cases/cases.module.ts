import { Module } from '@nestjs/common';
import { SupervisionCasesController } from './cases.controller';
import { SupervisionCaseQueries } from './supervision-case.queries';

/** Supervision cases opened like a licence (the gateway's GET /api/v1/cases/:caseId asks here first). */
@Module({
  controllers: [SupervisionCasesController],
  providers: [SupervisionCaseQueries],
})
export class SupervisionCasesModule {}
