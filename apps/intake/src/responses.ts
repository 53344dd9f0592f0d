import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPLICATION_STATUSES, LICENSE_TYPES } from '@permits/contracts/enums';
import { ApplicantDto, EXAMPLE_APPLICATION_ID, EXAMPLE_CREDIT_CODE, LimitDto } from '@permits/workflow-runtime/responses';

/** Intake's answers, for the OpenAPI document (each with an example). */

export class SubmittedApplicationDto {
  @ApiProperty({ example: EXAMPLE_APPLICATION_ID }) id: string;
  @ApiProperty({ enum: APPLICATION_STATUSES, example: 'submitted', description: 'approved at once for a filing whose limit is 0 days' }) status: string;
  @ApiProperty({ example: 'HB-002-01' }) subItemCode: string;
  @ApiProperty({ enum: LICENSE_TYPES, example: 'discharge_permit' }) licenseType: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T01:00:00.000Z' }) createdAt: string;
  @ApiPropertyOptional({ example: 'DJ-2026-000001', description: 'a filing answered at once: its number' }) filingNo?: string;
}

export const SUBMITTED_EXAMPLE = {
  id: EXAMPLE_APPLICATION_ID,
  status: 'submitted',
  subItemCode: 'HB-002-01',
  licenseType: 'discharge_permit',
  createdAt: '2026-11-30T01:00:00.000Z',
};

export class ApplicationSummaryDto {
  @ApiProperty({ example: EXAMPLE_APPLICATION_ID }) id: string;
  @ApiProperty({ enum: APPLICATION_STATUSES, example: 'in_review' }) status: string;
  @ApiProperty({ enum: LICENSE_TYPES, example: 'discharge_permit' }) licenseType: string;
  @ApiProperty({ example: 'HB-002-01' }) subItemCode: string;
  @ApiProperty({ type: ApplicantDto }) applicant: ApplicantDto;
  @ApiProperty({ type: String, nullable: true, example: '年产 5 万吨精细化工项目' }) projectName: string | null;
  @ApiProperty({ enum: ['portal', 'counter', 'national'], example: 'portal' }) channel: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T01:00:00.000Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T02:15:00.000Z' }) updatedAt: string;
}

export class ApplicationPageDto {
  @ApiProperty({ type: [ApplicationSummaryDto] }) items: ApplicationSummaryDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export const APPLICATION_PAGE_EXAMPLE = {
  items: [
    {
      id: EXAMPLE_APPLICATION_ID,
      status: 'in_review',
      licenseType: 'discharge_permit',
      subItemCode: 'HB-002-01',
      applicant: { creditCode: EXAMPLE_CREDIT_CODE, name: '上海示例化工有限公司' },
      projectName: '年产 5 万吨精细化工项目',
      channel: 'portal',
      createdAt: '2026-11-30T01:00:00.000Z',
      updatedAt: '2026-11-30T02:15:00.000Z',
    },
  ],
  nextCursor: null,
};

export class CatalogMaterialDto {
  @ApiProperty({ example: 'M01' }) code: string;
  @ApiProperty({ example: '排污许可证申请表' }) name: string;
  @ApiProperty({ example: true }) required: boolean;
  @ApiPropertyOptional({ example: '《排污许可管理条例》第八条' }) legalBasis?: string;
}

export class CatalogSubItemDto {
  @ApiProperty({ example: 'HB-002-01' }) code: string;
  @ApiProperty({ example: '排污许可证核发（首次申请）' }) name: string;
  @ApiPropertyOptional({ example: 'Discharge permit (first application)' }) nameEn?: string;
  @ApiProperty({ enum: ['new', 'change', 'renewal', 'cancellation', 'filing'], example: 'new' }) kind: string;
  @ApiProperty({ type: LimitDto }) statutoryLimit: LimitDto;
  @ApiProperty({ type: LimitDto }) committedLimit: LimitDto;
  @ApiPropertyOptional({ type: LimitDto, nullable: true }) acceptanceLimit?: LimitDto | null;
  @ApiProperty({ example: true }) fullyOnline: boolean;
  @ApiProperty({ type: [CatalogMaterialDto] }) materials: CatalogMaterialDto[];
}

export class CatalogItemDto {
  @ApiProperty({ example: 'HB-002' }) code: string;
  @ApiProperty({ example: '排污许可证核发' }) name: string;
  @ApiPropertyOptional({ example: 'Pollutant discharge permit' }) nameEn?: string;
  @ApiProperty({ enum: LICENSE_TYPES, example: 'discharge_permit' }) licenseType: string;
  @ApiProperty({ type: [CatalogSubItemDto] }) subItems: CatalogSubItemDto[];
}

export const CATALOG_EXAMPLE = [
  {
    code: 'HB-002',
    name: '排污许可证核发',
    nameEn: 'Pollutant discharge permit',
    licenseType: 'discharge_permit',
    subItems: [
      {
        code: 'HB-002-01',
        name: '排污许可证核发（首次申请）',
        nameEn: 'Discharge permit (first application)',
        kind: 'new',
        statutoryLimit: { days: 20, unit: 'working' },
        committedLimit: { days: 10, unit: 'working' },
        acceptanceLimit: { days: 5, unit: 'working' },
        fullyOnline: true,
        materials: [{ code: 'M01', name: '排污许可证申请表', required: true, legalBasis: '《排污许可管理条例》第八条' }],
      },
    ],
  },
];

export class PublicDecisionDto {
  @ApiProperty({ example: EXAMPLE_APPLICATION_ID }) applicationId: string;
  @ApiProperty({ enum: LICENSE_TYPES, example: 'discharge_permit' }) licenseType: string;
  @ApiProperty({ example: 'HB-002-01' }) subItemCode: string;
  @ApiProperty({ type: String, nullable: true, example: '年产 5 万吨精细化工项目' }) projectName: string | null;
  @ApiProperty({ type: ApplicantDto }) applicant: ApplicantDto;
  @ApiProperty({ enum: ['approved', 'denied'], example: 'approved' }) outcome: string;
  @ApiProperty({ format: 'date', example: '2026-12-10' }) decidedOn: string;
  @ApiProperty({ type: String, nullable: true, example: 'PW-2026-000001', description: 'the permit or filing number' }) decisionNo: string | null;
}

export class PublicDecisionPageDto {
  @ApiProperty({ type: [PublicDecisionDto] }) items: PublicDecisionDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export const PUBLIC_DECISIONS_EXAMPLE = {
  items: [
    {
      applicationId: EXAMPLE_APPLICATION_ID,
      licenseType: 'discharge_permit',
      subItemCode: 'HB-002-01',
      projectName: '年产 5 万吨精细化工项目',
      applicant: { creditCode: EXAMPLE_CREDIT_CODE, name: '上海示例化工有限公司' },
      outcome: 'approved',
      decidedOn: '2026-12-10',
      decisionNo: 'PW-2026-000001',
    },
  ],
  nextCursor: null,
};

export class ByChannelDto {
  @ApiProperty({ example: 100, description: 'filed online by the applicant' }) portal: number;
  @ApiProperty({ example: 12, description: "filed at the service hall's counter by the window (onBehalfOf)" }) counter: number;
  @ApiProperty({ example: 8, description: 'national EIA declarations' }) national: number;
}

export class ReceiptDto {
  @ApiProperty({ example: 122, description: 'through the window plus handled outside' }) received: number;
  @ApiProperty({ example: 120 }) throughTheWindow: number;
  @ApiProperty({ example: 2, description: 'cases the bureau recorded as handled outside the system (POST /api/v1/reports/handled-outside)' })
  handledOutside: number;
  @ApiProperty({ type: ByChannelDto }) byChannel: ByChannelDto;
}

export class ShareFiguresDto {
  @ApiProperty({ example: 25, required: false }) subItems?: number;
  @ApiProperty({ example: 40, required: false, description: 'decided cases (approved or denied) in the range' }) cases?: number;
  @ApiProperty({ example: 21 }) fullyOnline: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.84 }) fullyOnlineShare: number | null;
  @ApiProperty({ example: 21 }) zeroVisit: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.84 }) zeroVisitShare: number | null;
}

export class OnlineSharesDto {
  @ApiProperty({ type: ShareFiguresDto, description: 'from the catalogue: a fully-online sub-item needs no visit at any step' }) catalogue: ShareFiguresDto;
  @ApiProperty({
    type: ShareFiguresDto,
    description: 'from the cases decided in the range: fully online = of a fully-online sub-item; zero-visit = of those, filed online (not at the counter)',
  })
  decided: ShareFiguresDto;
}

export class ScoresDto {
  @ApiProperty({ name: '1', example: 0 }) '1': number;
  @ApiProperty({ name: '2', example: 1 }) '2': number;
  @ApiProperty({ name: '3', example: 2 }) '3': number;
  @ApiProperty({ name: '4', example: 10 }) '4': number;
  @ApiProperty({ name: '5', example: 27 }) '5': number;
}

export class RatingFiguresDto {
  @ApiProperty({ example: 40 }) count: number;
  @ApiProperty({ type: Number, nullable: true, example: 4.575 }) average: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.925, description: 'share of 4 (满意) and 5 (非常满意)' }) satisfiedShare: number | null;
  @ApiProperty({ type: ScoresDto }) byScore: ScoresDto;
  @ApiProperty({ example: 1, description: 'ratings of 1 or 2: each opened a follow-up task for the window' }) followUps: number;
}

export class AcceptanceDecisionsDto {
  @ApiProperty({ example: 110 }) accepted: number;
  @ApiProperty({ example: 4 }) notAccepted: number;
  @ApiProperty({ example: 114 }) decided: number;
}

export class UnitFiguresDto {
  @ApiProperty({ example: 20 }) decided: number;
  @ApiProperty({ type: Number, nullable: true, example: 6.5 }) averageDaysUsed: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 13.5 }) averageDaysSaved: number | null;
}

export class ByUnitDto {
  @ApiProperty({ type: UnitFiguresDto, description: 'sub-items whose limits count working days' }) working: UnitFiguresDto;
  @ApiProperty({ type: UnitFiguresDto, description: 'sub-items whose limits count calendar days' }) calendar: UnitFiguresDto;
}

export class LicenceFiguresDto {
  @ApiProperty({ enum: LICENSE_TYPES, example: 'discharge_permit' }) licenseType: string;
  @ApiProperty({ example: 38 }) decided: number;
  @ApiProperty({ example: 36 }) approved: number;
  @ApiProperty({ example: 2 }) denied: number;
  @ApiProperty({ type: Number, nullable: true, example: 6.5 }) averageDaysUsed: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 13.5 }) averageDaysSaved: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.97 }) withinCommittedShare: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.3 }) averageShareOfCommittedLimitUsed: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.7 }) furtherUnderCommitted: number | null;
  @ApiProperty({ type: ByUnitDto, description: 'averageDaysUsed and averageDaysSaved are null when the decided cases mix units: here they are kept apart' })
  byUnit: ByUnitDto;
}

export class BusinessEnvironmentDto {
  @ApiProperty({ format: 'date', example: '2026-01-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-12-31' }) to: string;
  @ApiProperty({ example: 7 }) serviceItems: number;
  @ApiProperty({ example: 21 }) subItems: number;
  @ApiProperty({ example: 21 }) fullyOnlineSubItems: number;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) fullyOnlineShare: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) singleWindowAcceptanceRate: number | null;
  @ApiProperty({ type: ReceiptDto }) singleWindowReceipt: ReceiptDto;
  @ApiProperty({ type: ByChannelDto, description: 'applications received through the one window in the range, by channel' }) byChannel: ByChannelDto;
  @ApiProperty({ type: OnlineSharesDto }) onlineShares: OnlineSharesDto;
  @ApiProperty({ type: RatingFiguresDto, description: '好差评: the ratings given in the range' }) ratings: RatingFiguresDto;
  @ApiProperty({ type: Number, nullable: true, example: 0.9649 }) acceptedShareOfAcceptanceDecisions: number | null;
  @ApiProperty({ type: AcceptanceDecisionsDto }) acceptanceDecisions: AcceptanceDecisionsDto;
  @ApiProperty({ type: Number, nullable: true, example: 0.5 }) averageCompression: number | null;
  @ApiProperty({ example: 18 }) compressionSubItems: number;
  @ApiProperty({ type: [LicenceFiguresDto] }) byLicenseType: LicenceFiguresDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: "supervision's figures (GET /api/v1/supervision/figures); null when it did not answer",
  })
  supervision: Record<string, unknown> | null;
}

export const BUSINESS_ENVIRONMENT_EXAMPLE = {
  from: '2026-01-01',
  to: '2026-12-31',
  serviceItems: 7,
  subItems: 21,
  fullyOnlineSubItems: 21,
  fullyOnlineShare: 1,
  singleWindowAcceptanceRate: 0.9836,
  singleWindowReceipt: { received: 122, throughTheWindow: 120, handledOutside: 2, byChannel: { portal: 100, counter: 12, national: 8 } },
  byChannel: { portal: 100, counter: 12, national: 8 },
  onlineShares: {
    catalogue: { subItems: 25, fullyOnline: 21, fullyOnlineShare: 0.84, zeroVisit: 21, zeroVisitShare: 0.84 },
    decided: { cases: 40, fullyOnline: 33, fullyOnlineShare: 0.825, zeroVisit: 30, zeroVisitShare: 0.75 },
  },
  ratings: { count: 40, average: 4.575, satisfiedShare: 0.925, byScore: { '1': 0, '2': 1, '3': 2, '4': 10, '5': 27 }, followUps: 1 },
  acceptedShareOfAcceptanceDecisions: 0.9649,
  acceptanceDecisions: { accepted: 110, notAccepted: 4, decided: 114 },
  averageCompression: 0.5,
  compressionSubItems: 18,
  byLicenseType: [
    {
      licenseType: 'discharge_permit',
      decided: 38,
      approved: 36,
      denied: 2,
      averageDaysUsed: 6.5,
      averageDaysSaved: 13.5,
      withinCommittedShare: 0.97,
      averageShareOfCommittedLimitUsed: 0.3,
      furtherUnderCommitted: 0.7,
      byUnit: {
        working: { decided: 0, averageDaysUsed: null, averageDaysSaved: null },
        calendar: { decided: 38, averageDaysUsed: 6.5, averageDaysSaved: 13.5 },
      },
    },
  ],
  supervision: { plans: 2, checks: 40, violations: 3 },
};

export const BUSINESS_ENVIRONMENT_CSV_EXAMPLE =
  'scope,licenseType,figure,value\ncatalog,,serviceItems,7\ncatalog,,fullyOnlineShare,1\nlicence,discharge_permit,decided,38\nsupervision,,entities.total,120\nsupervision,,inspections.2026-Q3.drawn,12\nsupervision,,penalties.decided,2\n';

export class CalendarYearSummaryDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ enum: ['bundled', 'loaded'], example: 'bundled' }) origin: string;
  @ApiProperty({ example: 'chinese-days' }) source: string;
  @ApiProperty({ example: 33, description: 'days off' }) holidays: number;
  @ApiProperty({ example: 6, description: 'adjusted working weekends' }) workdays: number;
  @ApiProperty({ type: Number, nullable: true, example: null }) revision: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) loadedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) loadedBy: string | null;
}

export class CalendarRangeDto {
  @ApiProperty({ format: 'date', example: '2004-01-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-12-31' }) to: string;
}

export class CalendarYearPageDto {
  @ApiProperty({ type: [CalendarYearSummaryDto] }) items: CalendarYearSummaryDto[];
  @ApiProperty({ type: String, nullable: true, example: '2025' }) nextCursor: string | null;
  @ApiProperty({ type: CalendarRangeDto, description: 'the days the calendar covers' }) range: CalendarRangeDto;
}

export const CALENDAR_PAGE_EXAMPLE = {
  items: [{ year: 2026, origin: 'bundled', source: 'chinese-days', holidays: 33, workdays: 6, revision: null, loadedAt: null, loadedBy: null }],
  nextCursor: '2026',
  range: { from: '2004-01-01', to: '2026-12-31' },
};

export class CalendarYearDto {
  @ApiProperty({ example: 2027 }) year: number;
  @ApiProperty({ enum: ['bundled', 'loaded'], example: 'loaded' }) origin: string;
  @ApiProperty({ example: 'State Council notice 2026-11' }) source: string;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) revision: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T03:00:00.000Z' }) loadedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'admin-1' }) loadedBy: string | null;
  @ApiProperty({ type: [String], example: ['2027-01-01', '2027-02-06'] }) holidays: string[];
  @ApiProperty({ type: [String], example: ['2027-02-14'] }) workdays: string[];
}

export const CALENDAR_YEAR_EXAMPLE = {
  year: 2027,
  origin: 'loaded',
  source: 'State Council notice 2026-11',
  revision: 1,
  loadedAt: '2026-11-30T03:00:00.000Z',
  loadedBy: 'admin-1',
  holidays: ['2027-01-01', '2027-02-06'],
  workdays: ['2027-02-14'],
};

export class StoredFileDto {
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }) sha256: string;
  @ApiProperty({ example: 482113 }) size: number;
  @ApiProperty({ example: 'application/pdf' }) mediaType: string;
}

export const STORED_FILE_EXAMPLE = { sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', size: 482113, mediaType: 'application/pdf' };
