import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { Public, signToken } from '@permits/auth';
import { GatewayConfig } from '@permits/config';
import { DEPARTMENTS, Dept, Role, ROLES } from '@permits/contracts/enums';
import { DomainError } from '@permits/core';

export class DevTokenDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @IsIn(ROLES, { each: true }) roles!: Role[];
  @IsOptional() @IsIn(DEPARTMENTS) dept?: Dept;
  @IsOptional() @IsString() @Matches(/^[\w.@-]{1,64}$/, { message: 'sub must be 1 to 64 letters, digits, _ . @ or -' }) sub?: string;
  @IsOptional() @IsString() @Matches(/^.{1,60}$/, { message: 'name must be 1 to 60 characters' }) name?: string;
}

/**
 * POST /api/v1/dev/token: a signed 8-hour token for a chosen person, what the staff console's development
 * sign-in calls (the same token `npm run token` prints). The gateway mounts this controller only when
 * DEV_TOKENS=1 and NODE_ENV is not production (config refuses that pair), so it is a 404 everywhere else.
 */
@ApiExcludeController()
@Controller('api/v1/dev')
export class DevTokenController {
  constructor(private readonly config: GatewayConfig) {}

  @Public()
  @Post('token')
  @HttpCode(201)
  async token(@Body() body: DevTokenDto): Promise<{ token: string; user: { id: string; name: string; roles: Role[]; dept?: Dept } }> {
    const staff = body.roles.some((r) => r === 'officer' || r === 'head');
    if (staff && !body.dept) throw new DomainError('VALIDATION_FAILED', 'dept is required for officer and head tokens');
    if (body.roles.includes('applicant')) throw new DomainError('VALIDATION_FAILED', 'the development sign-in is for staff: applicants have their portal');
    const id = body.sub ?? `dev-${body.roles[0]}${body.dept ? `-${body.dept}` : ''}`;
    const user = { id, name: body.name ?? id, roles: body.roles, ...(body.dept ? { dept: body.dept } : {}) };
    return { token: await signToken(user, this.config.JWT_SECRET, 8 * 3600), user };
  }
}
