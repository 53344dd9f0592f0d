// The service hall's counter (所有线下事项进驻大厅, API.md "Applications"): a clerk of the `window` department files
// for an enterprise with `onBehalfOf`, on the same case record as an online filing. One rule, used by every path
// that files or uploads for someone (SubmitApplication, POST /api/v1/files).
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { AuthUser } from '@permits/auth';
import { IsCreditCode } from '@permits/contracts/credit-code';
import { DomainError } from '@permits/core';

/** The enterprise a counter clerk files for. */
export class OnBehalfOfDto {
  @ApiProperty({ example: '91350100M000100Y43', description: "the enterprise's unified social credit code" })
  @IsCreditCode()
  creditCode: string;

  @ApiProperty({ example: '某某环保科技有限公司', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

/** The channels of the one window as the API names them (API.md). */
export const API_CHANNELS = ['portal', 'counter', 'national'] as const;
export type ApiChannel = (typeof API_CHANNELS)[number];

/** The stored channel ('national-eia' for national declarations, from before the counter) as the API names it. */
export function apiChannel(stored: string): ApiChannel {
  if (stored === 'national-eia') return 'national';
  return stored === 'counter' ? 'counter' : 'portal';
}

/** Who an application or an upload is for: the enterprise, and through which channel. */
export interface Filer {
  creditCode: string;
  name: string;
  channel: 'portal' | 'counter';
}

const isWindowClerk = (user: AuthUser): boolean => user.dept === 'window' && user.roles.some((r) => r === 'officer' || r === 'head');

/**
 * The enterprise a filing is for. With `onBehalfOf`, only staff of the `window` department (an officer or head):
 * anyone else, an applicant included, is 403. Without it, only an applicant files, for its own enterprise (the
 * token's `creditCode`): staff without `onBehalfOf` are 403 too, since no staff member files in their own name.
 */
export function filerFor(user: AuthUser, onBehalfOf: Pick<OnBehalfOfDto, 'creditCode' | 'name'> | undefined): Filer {
  if (onBehalfOf) {
    if (!isWindowClerk(user)) throw new DomainError('FORBIDDEN', 'only staff of the window department file for an enterprise (onBehalfOf) at the counter');
    return { creditCode: onBehalfOf.creditCode, name: onBehalfOf.name, channel: 'counter' };
  }
  if (!user.roles.includes('applicant') || !user.creditCode) {
    throw new DomainError(
      'FORBIDDEN',
      isWindowClerk(user) ? 'at the counter, name the enterprise in onBehalfOf' : 'only an applicant, or the window at the counter, files an application',
    );
  }
  return { creditCode: user.creditCode, name: user.name, channel: 'portal' };
}

/** The upload variant: POST /api/v1/files?onBehalfOf=<creditCode> by a window clerk stores the file as the enterprise's. */
export function uploaderFor(user: AuthUser, onBehalfOf: string | undefined): AuthUser {
  if (onBehalfOf === undefined) {
    if (!user.roles.includes('applicant') || !user.creditCode)
      throw new DomainError('FORBIDDEN', 'only an applicant, or the window for an enterprise (onBehalfOf), uploads materials');
    return user;
  }
  if (!isWindowClerk(user)) throw new DomainError('FORBIDDEN', 'only staff of the window department upload for an enterprise (onBehalfOf)');
  return { ...user, creditCode: onBehalfOf };
}
