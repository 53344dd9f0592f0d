import { serviceDataSourceOptions, serviceRole } from '@permits/persistence';
import { RUNTIME_ENTITIES } from '@permits/workflow-runtime/entities';
import { EIA_REVIEW_MIGRATIONS } from '../../../migrations/eia-review';
import { CertificateRow } from './cases/certificate.entity';
import { DeclarationRow } from './national-eia/declaration.entity';

export const EIA_REVIEW_SCHEMA = 'eia_review';
export const EIA_REVIEW_ENTITIES = [CertificateRow, DeclarationRow, ...RUNTIME_ENTITIES];

export const eiaReviewDataSourceOptions = (url: string, readUrl?: string, poolSize?: number, role: string | null = serviceRole(EIA_REVIEW_SCHEMA)) =>
  serviceDataSourceOptions({
    url,
    readUrl,
    poolSize,
    role: role ?? undefined,
    schema: EIA_REVIEW_SCHEMA,
    entities: EIA_REVIEW_ENTITIES,
    migrations: EIA_REVIEW_MIGRATIONS,
  });
