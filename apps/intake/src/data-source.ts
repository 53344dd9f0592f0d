import { serviceDataSourceOptions, serviceRole } from '@permits/persistence';
import { RUNTIME_ENTITIES } from '@permits/workflow-runtime/entities';
import { INTAKE_MIGRATIONS } from '../../../migrations/intake';
import { ApplicationRow, FilingSeriesRow } from './applications/application.entity';
import { CatalogItemRow, CatalogSubItemRow } from './catalog/catalog.entity';
import { FileRow, FileUploadRow } from './files/file.entity';
import { StaffChangeRow } from './staff/staff-change.entity';
import { HandledOutsideRow, RatingRow } from './ratings/rating.entity';

export const INTAKE_SCHEMA = 'intake';
export const INTAKE_ENTITIES = [
  CatalogItemRow,
  CatalogSubItemRow,
  ApplicationRow,
  FilingSeriesRow,
  FileRow,
  FileUploadRow,
  StaffChangeRow,
  RatingRow,
  HandledOutsideRow,
  ...RUNTIME_ENTITIES,
];

export const intakeDataSourceOptions = (url: string, readUrl?: string, poolSize?: number, role: string | null = serviceRole(INTAKE_SCHEMA)) =>
  serviceDataSourceOptions({
    url,
    readUrl,
    poolSize,
    role: role ?? undefined,
    schema: INTAKE_SCHEMA,
    entities: INTAKE_ENTITIES,
    migrations: INTAKE_MIGRATIONS,
  });
