import { Module } from '@nestjs/common';
import { MonitoringController } from './alarms.controller';
import { ReceiveAlarmHandler } from './commands/receive-alarm';
import { MonitoringSignatureGuard } from './monitoring-signature.guard';

/** Remote supervision: the online monitoring platform's signed alarms and their off-site verification. */
@Module({
  controllers: [MonitoringController],
  providers: [ReceiveAlarmHandler, MonitoringSignatureGuard],
})
export class AlarmsModule {}
