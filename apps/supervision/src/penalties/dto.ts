import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { NestedObject } from '@permits/contracts/validation';
import { ListQuery } from '@permits/workflow-runtime';

export const SANCTION_KINDS = ['warning', 'fine', 'order_to_correct', 'suspend_production'] as const;

export class SanctionDto {
  @ApiProperty({ enum: SANCTION_KINDS }) @IsIn(SANCTION_KINDS) kind: (typeof SANCTION_KINDS)[number];
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 1_000_000_000,
    description: 'a fine: the amount in yuan (required); any other sanction: none',
  })
  @ValidateIf((o: SanctionDto) => o.kind === 'fine' || (o.amountYuan !== undefined && o.amountYuan !== null))
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  amountYuan?: number | null;
}

export class ProposalDto {
  @ApiProperty({ maxLength: 10_000, description: 'the facts found' }) @IsString() @MinLength(1) @MaxLength(10_000) facts: string;
  @ApiProperty({ maxLength: 2000, description: 'the article of the law and the discretion benchmark applied' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  legalBasis: string;
  @ApiProperty({ type: SanctionDto }) @NestedObject(() => SanctionDto) sanction: SanctionDto;
}

export class StatementDto {
  @ApiProperty({ maxLength: 10_000, description: "the enterprise's statement and defence" }) @IsString() @MinLength(1) @MaxLength(10_000) text: string;
}

export class PenaltyListQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ['open', 'decided', 'dismissed'] }) @IsOptional() @IsIn(['open', 'decided', 'dismissed']) status?: string;
}
