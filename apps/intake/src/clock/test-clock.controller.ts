import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { DomainError } from '@permits/http';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { IsInstant } from '@permits/contracts/validation';
import { Roles } from '@permits/auth';
import { Clock, ManualClock } from '@permits/clock';

class MoveClockDto {
  @IsISO8601({ strict: true }) @IsInstant() now: string;
}

/** The manual clock of API.md (development and test only: 404 unless CLOCK=manual). */
@ApiTags('test clock')
@ApiBearerAuth()
@Controller('api/v1/_test/clock')
export class TestClockController {
  constructor(private readonly clock: Clock) {}

  private manual(): ManualClock {
    if (!(this.clock instanceof ManualClock)) throw new DomainError('NOT_FOUND', 'the manual clock is off (CLOCK=system)');
    return this.clock;
  }

  @Get()
  @Roles('admin', 'officer', 'head', 'auditor', 'applicant')
  async get() {
    return { now: (await this.manual().now()).toISOString() };
  }

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Move the shared clock forward (never back); what falls due fires' })
  async move(@Body() body: MoveClockDto) {
    return { now: (await this.manual().advance(new Date(body.now))).toISOString() };
  }
}
