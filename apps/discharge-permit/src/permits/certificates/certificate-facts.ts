import { createHash } from 'node:crypto';
import type { LicenseType, ManagementCategory } from '@permits/contracts/enums';
import { shanghaiDate } from '@permits/workflow/calendar';
import type { PermitRow } from '../permit.entity';

/** The path of a permit's public verification page (API.md "Permits"); the QR code holds it under PUBLIC_BASE_URL. */
export const publicPermitPath = (permitNo: string): string => `/api/v1/public/permits/${encodeURIComponent(permitNo)}`;

/** The permit's number format (every series: PW-2026-000001, DJ-…). */
export const PERMIT_NO_PATTERN = /^[A-Z]{2}-\d{4}-\d{6}$/;

/** The certificate's title, by what it certifies (a discharge registration gets its receipt, 登记回执). */
const TITLES: Record<LicenseType, string> = {
  discharge_permit: '排污许可证',
  hazardous_waste: '危险废物经营许可证',
  radiation_safety: '辐射安全许可证',
  weee_processing: '废弃电器电子产品处理资格证书',
  facility_dismantle: '污染防治设施拆除或闲置批准文件',
  eia_approval: '建设项目环境影响评价批准文件',
  other: '行政许可证书',
};
const REGISTRATION_TITLE = '固定污染源排污登记回执';

const LICENCES: Record<LicenseType, string> = {
  eia_approval: '建设项目环境影响评价审批',
  discharge_permit: '排污许可',
  hazardous_waste: '危险废物经营许可',
  radiation_safety: '辐射安全许可',
  weee_processing: '废弃电器电子产品处理资格',
  facility_dismantle: '污染防治设施拆除或闲置审批',
  other: '其他行政许可',
};

const CATEGORIES: Record<ManagementCategory, string> = { key: '重点管理', simplified: '简化管理', registration: '登记管理' };

/** What a certificate shows, as plain data: equal facts, equal PDF bytes (CertificateRenderer is deterministic). */
export interface CertificateFacts {
  title: string;
  permitNo: string;
  /** Label and value, in print order. */
  rows: [string, string][];
  /** The public verification address the QR code holds. */
  verificationUrl: string;
  issuer: string;
  /** The instant of the register entry the certificate reflects (issue, renewal, change): the PDF's creation date. */
  issuedAt: string;
}

/** "2026年12月10日" for an ISO date. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${m}月${d}日`;
}

/**
 * The certificate of a permit as the register now has it. `lastChange` is the instant of the register's latest
 * event that changed what the certificate shows (issued, renewed, deemed renewal, changed): its date is the
 * certificate's date, so the same register state always gives the same certificate.
 */
export function certificateFacts(
  permit: Pick<
    PermitRow,
    'permitNo' | 'licenseType' | 'creditCode' | 'holderName' | 'managementCategory' | 'validFrom' | 'validTo' | 'deemedRenewal' | 'details'
  >,
  lastChange: Date,
  settings: { issuer: string; publicBaseUrl: string },
): CertificateFacts {
  const registration = permit.managementCategory === 'registration';
  const text = (k: string): string | undefined => {
    const v = permit.details?.[k];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const licence = LICENCES[permit.licenseType] ?? LICENCES.other;
  const category = permit.managementCategory ? CATEGORIES[permit.managementCategory] : undefined;
  const rows: [string, string][] = [
    [registration ? '登记编号' : '证书编号', permit.permitNo],
    [registration ? '排污单位名称' : '持证单位', permit.holderName],
    ['统一社会信用代码', permit.creditCode],
    ['许可事项', licence],
    ['许可范围', category ? `${licence}（${category}）` : licence],
  ];
  const address = text('productionAddress') ?? text('address');
  if (address) rows.push(['生产经营场所地址', address]);
  const representative = text('legalRepresentative');
  if (representative) rows.push(['法定代表人', representative]);
  const validity = permit.validTo ? `自${chineseDate(permit.validFrom)}至${chineseDate(permit.validTo)}` : `自${chineseDate(permit.validFrom)}起长期有效`;
  rows.push(['有效期限', permit.deemedRenewal ? `${validity}（依法视为准予延续）` : validity]);
  rows.push(['发证机关', settings.issuer]);
  rows.push(['发证日期', chineseDate(shanghaiDate(lastChange))]);
  return {
    title: registration ? REGISTRATION_TITLE : (TITLES[permit.licenseType] ?? TITLES.other),
    permitNo: permit.permitNo,
    rows,
    verificationUrl: `${settings.publicBaseUrl.replace(/\/+$/, '')}${publicPermitPath(permit.permitNo)}`,
    issuer: settings.issuer,
    issuedAt: lastChange.toISOString(),
  };
}

/** A digest of the facts: the certificates ledger finds the certificate of the register's current state by it. */
export function factsFingerprint(facts: CertificateFacts): string {
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex');
}
