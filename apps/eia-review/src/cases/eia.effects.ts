import { Injectable } from '@nestjs/common';
import { Jobs } from '@permits/contracts/jobs';
import { LicenceEffects } from '@permits/workflow-runtime';

@Injectable()
export class EiaEffects extends LicenceEffects {
  protected readonly systemStepJob = Jobs.SystemStep.eia;
}
