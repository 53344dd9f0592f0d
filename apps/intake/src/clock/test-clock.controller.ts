import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { IsInstant } from '@permits/contracts/validation';
import { Roles } from '@permits/auth';
import { Clock } from '@permits/clock';
import { manualClock, MoveTestClock } from './commands/move-test-clock';

class MoveClockDto {
  @IsISO8601({ strict: true }) @IsInstant() now: string;
}

/** The manual clock of API.md (development and test only: 404 unless CLOCK=manual). */
@ApiTags('test clock')
@ApiBearerAuth()
@Controller('api/v1/_test/clock')
export class TestClockController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('admin', 'officer', 'head', 'auditor', 'applicant')
  async get() {
    return { now: (await manualClock(this.clock).now()).toISOString() };
  }

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Move the shared clock forward (never back); what falls due fires' })
  move(@Body() body: MoveClockDto) {
    return this.commands.execute(new MoveTestClock(new Date(body.now)));
  }
}
