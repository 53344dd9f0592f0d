import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ChecksService } from './checks.service';
import { safeErrorMessage } from '@permits/core';

/** At the worker's start: open checks drawn before inspections by name move onto one task per drawn inspector. */
@Injectable()
export class CheckUpgrade implements OnApplicationBootstrap {
  private readonly logger = new Logger(CheckUpgrade.name);

  constructor(private readonly checks: ChecksService) {}

  onApplicationBootstrap(): void {
    // in the background: the worker takes jobs meanwhile; a check not yet moved moves when a result is recorded
    void this.checks
      .upgradeOpenChecks()
      .catch((err: unknown) =>
        this.logger.warn({ err: safeErrorMessage(err) }, 'moving open checks onto inspections by name failed; retried at the next start'),
      );
  }
}
