import { serviceDataSourceOptions, serviceRole } from '@permits/persistence';
import { RUNTIME_ENTITIES } from '@permits/workflow-runtime/entities';
import { DISCHARGE_PERMIT_MIGRATIONS } from '../../../migrations/discharge-permit';
import { PermitEventRow, PermitRow, PermitSeriesRow } from './permits/permit.entity';
import { CertificateRow } from './permits/certificates/certificate.entity';
import { RenewalFilingRow } from './permits/renewals/renewal-filing.entity';

export const DISCHARGE_PERMIT_SCHEMA = 'discharge_permit';
export const DISCHARGE_PERMIT_ENTITIES = [PermitRow, PermitEventRow, PermitSeriesRow, CertificateRow, RenewalFilingRow, ...RUNTIME_ENTITIES];

export const dischargePermitDataSourceOptions = (
  url: string,
  readUrl?: string,
  poolSize?: number,
  role: string | null = serviceRole(DISCHARGE_PERMIT_SCHEMA),
) =>
  serviceDataSourceOptions({
    url,
    readUrl,
    poolSize,
    role: role ?? undefined,
    schema: DISCHARGE_PERMIT_SCHEMA,
    entities: DISCHARGE_PERMIT_ENTITIES,
    migrations: DISCHARGE_PERMIT_MIGRATIONS,
  });
