import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DEPARTMENTS, Dept } from '@permits/contracts/enums';
import { IsCreditCode } from '@permits/contracts/credit-code';
import { ListQuery } from '@permits/workflow-runtime';

/** What a staff user id may be: what the tokens' `sub` of our identity provider is made of (and a cursor can carry). */
export const STAFF_ID = /^[A-Za-z0-9_.:-]{1,100}$/;
export const STAFF_ROLES = ['officer', 'head'] as const;

export class StaffIdParam {
  @ApiProperty({ description: "the person's user id (the token's `sub`): letters, digits, _ . : -", example: 'zhou.approval' })
  @IsString()
  @Matches(STAFF_ID, { message: 'userId must be 1-100 letters, digits or _ . : -' })
  userId: string;
}

export class PutStaffDto {
  @ApiProperty({ maxLength: 200, example: '周处长' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;
  @ApiProperty({ enum: DEPARTMENTS, example: 'approval' }) @IsIn(DEPARTMENTS) dept: Dept;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true, example: ['officer', 'head'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(STAFF_ROLES, { each: true })
  roles: (typeof STAFF_ROLES)[number][];
  @ApiProperty({ example: true }) @IsBoolean() active: boolean;
  @ApiProperty({
    type: [String],
    example: ['91310000MA1FL0XX2K'],
    description: 'unified social credit codes of the enterprises this person stands aside from (checked, check character included)',
  })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ArrayUnique()
  @IsCreditCode({ each: true })
  conflicts: string[];
}

export class StaffListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: DEPARTMENTS, description: 'only this department' }) @IsOptional() @IsIn(DEPARTMENTS) dept?: Dept;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only active (true) or inactive (false) people' })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}

export class StaffDto {
  @ApiProperty({ example: 'zhou.approval' }) userId: string;
  @ApiProperty({ example: '周处长' }) name: string;
  @ApiProperty({ enum: DEPARTMENTS, example: 'approval' }) dept: Dept;
  @ApiProperty({ enum: STAFF_ROLES, isArray: true, example: ['officer', 'head'] }) roles: string[];
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ type: [String], example: ['91310000MA1FL0XX2K'] }) conflicts: string[];
  @ApiProperty({ example: 3, description: '+1 on every change' }) revision: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-07T08:30:00.000Z' }) changedAt: string;
  @ApiProperty({ example: 'admin-1' }) changedBy: string;
}

export class StaffPageDto {
  @ApiProperty({ type: [StaffDto] }) items: StaffDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class StaffChangeDto {
  @ApiProperty({ example: 2 }) seq: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-07T08:30:00.000Z' }) at: string;
  @ApiProperty({ example: 'admin-1' }) actor: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the entry before (null for the first) and after the change',
    example: { before: null, after: { userId: 'zhou.approval', dept: 'approval', active: true } },
  })
  payload: Record<string, unknown>;
  @ApiProperty({ example: '9f2c…' }) hash: string;
}

export class StaffChangePageDto {
  @ApiProperty({ type: [StaffChangeDto] }) items: StaffChangeDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
  @ApiProperty({
    example: true,
    description: 'the chain holds: every HMAC (AUDIT_KEY) over the entry before, as many entries as revisions, the last one the current entry',
  })
  verified: boolean;
}

export const STAFF_EXAMPLE = {
  userId: 'zhou.approval',
  name: '周处长',
  dept: 'approval',
  roles: ['officer', 'head'],
  active: true,
  conflicts: ['91310000MA1FL0XX2K'],
  revision: 3,
  changedAt: '2026-12-07T08:30:00.000Z',
  changedBy: 'admin-1',
};
