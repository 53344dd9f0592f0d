import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@permits/auth';
import { ApiErrors, ApiSignedRequest } from '@permits/http';
import { ReceiveAlarm } from './commands/receive-alarm';
import { AlarmsQueries } from './alarms.queries';
import { AlarmAnswerDto, AlarmDto, AlarmListQuery, AlarmPageDto } from './dto';
import { MonitoringSignatureGuard } from './monitoring-signature.guard';

/** The online monitoring platform: signed with MONITORING_SECRET, no bearer token. */
@ApiTags('online monitoring integration')
@Controller('api/v1/integrations/monitoring')
export class MonitoringController {
  constructor(private readonly commands: CommandBus) {}

  @Post('alarms')
  @Public()
  @UseGuards(MonitoringSignatureGuard)
  @HttpCode(202)
  @ApiOperation({
    summary:
      'An online monitoring alarm (202); an exceedance opens an off-site verification for enforcement due the next working day, and a confirmed verification a penalty case; the same alarmId again changes nothing',
  })
  @ApiHeader({ name: 'X-Timestamp', required: true, description: 'Unix time in seconds, within 300 s of our clock' })
  @ApiHeader({ name: 'X-Nonce', required: true, description: '1-128 visible ASCII characters, used once' })
  @ApiSignedRequest()
  @ApiAcceptedResponse({
    type: AlarmAnswerDto,
    example: { alarmId: 'ALM-20261130-0001', verificationId: '0193a5c6-0000-7000-8000-0000000000f1', duplicate: false },
  })
  @ApiErrors(400, 401, 413)
  alarm(@Body() body: AlarmDto) {
    return this.commands.execute(new ReceiveAlarm(body));
  }
}

/** The workbench's alarm list: every alarm received, newest first, with the verification it opened. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/supervision/alarms')
export class AlarmsController {
  constructor(private readonly alarms: AlarmsQueries) {}

  @Get()
  @Roles('officer', 'head', 'admin', 'auditor')
  @ApiOperation({
    summary: 'Online monitoring alarms, newest received first (keyset cursor), optionally of one entity; an exceedance with its verification case',
  })
  @ApiOkResponse({
    type: AlarmPageDto,
    example: {
      items: [
        {
          alarmId: 'ALM-20261130-0001',
          creditCode: '91310000MA1FL0XX2K',
          outlet: 'DW001',
          pollutant: 'COD',
          value: 85.2,
          limit: 50,
          unit: 'mg/L',
          at: '2026-11-30T01:58:00.000Z',
          receivedAt: '2026-11-30T02:00:03.000Z',
          exceedance: true,
          verificationId: '0193a5c6-0000-7000-8000-0000000000f1',
        },
      ],
      nextCursor: null,
    },
  })
  @ApiErrors(400, 401, 403)
  list(@Query() q: AlarmListQuery) {
    return this.alarms.list(q);
  }
}
