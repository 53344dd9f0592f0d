import { Module } from '@nestjs/common';
import { FileStatementHandler } from './commands/file-statement';
import { ProposePenaltyHandler } from './commands/propose-penalty';
import { PublishPenaltyHandler } from './commands/publish-penalty';
import { RequestHearingHandler } from './commands/request-hearing';
import { PenaltiesController, PublicPenaltiesController } from './penalties.controller';
import { PenaltyCases } from './penalty-cases';
import { PenaltyQueries } from './penalty.queries';

/** Penalty cases outside their task steps: the proposal, statements, hearing requests, publication; the public list. */
@Module({
  controllers: [PenaltiesController, PublicPenaltiesController],
  providers: [PenaltyQueries, PenaltyCases, ProposePenaltyHandler, FileStatementHandler, RequestHearingHandler, PublishPenaltyHandler],
})
export class PenaltiesModule {}
