import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClockModule } from '@permits/clock';
import { DischargePermitHttpConfig } from '@permits/config';
import { HttpPlatformModule } from '@permits/http';
import { QueueModule } from '@permits/queue';
import { CaseworkModule } from '@permits/workflow-runtime';
import { DischargeEffects } from './cases/discharge.effects';
import { dischargePermitDataSourceOptions } from './data-source';
import { PermitQueries } from './permits/permit.queries';
import { PermitsController } from './permits/permits.controller';
import { PERMIT_AUDIT_RECORDS } from './permits/permit-audit';
import { CertificatesModule } from './permits/certificates/certificates.module';

/** HTTP side: review tasks of the five non-EIA licences, and the permit register. */
@Module({})
export class DischargePermitHttpModule {
  static forRoot(config: DischargePermitHttpConfig): DynamicModule {
    return {
      module: DischargePermitHttpModule,
      imports: [
        HttpPlatformModule.forRoot({ service: 'discharge-permit', config }),
        TypeOrmModule.forRoot(dischargePermitDataSourceOptions(config.DATABASE_URL, config.DATABASE_READ_URL, config.DATABASE_POOL_SIZE)),
        QueueModule.forRoot(config),
        ClockModule.forRoot(config),
        CaseworkModule.forRoot({ taskPrefix: 'dp', effects: DischargeEffects, config, auditRecords: PERMIT_AUDIT_RECORDS }),
        CqrsModule.forRoot(),
        CertificatesModule.forRoot(config),
      ],
      controllers: [PermitsController],
      providers: [PermitQueries],
    };
  }
}
