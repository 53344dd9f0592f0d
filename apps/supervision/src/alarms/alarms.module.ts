import { Module } from '@nestjs/common';
import { AlarmsController, MonitoringController } from './alarms.controller';
import { AlarmsQueries } from './alarms.queries';
import { ReceiveAlarmHandler } from './commands/receive-alarm';
import { MonitoringSignatureGuard } from './monitoring-signature.guard';

/** Remote supervision: the online monitoring platform's signed alarms and their off-site verification. */
@Module({
  controllers: [MonitoringController, AlarmsController],
  providers: [ReceiveAlarmHandler, MonitoringSignatureGuard, AlarmsQueries],
})
export class AlarmsModule {}
