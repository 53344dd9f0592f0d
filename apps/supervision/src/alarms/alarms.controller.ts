import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@permits/auth';
import { ApiErrors, ApiSignedRequest } from '@permits/http';
import { ReceiveAlarm } from './commands/receive-alarm';
import { AlarmAnswerDto, AlarmDto } from './dto';
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
