import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsCreditCode } from '@permits/contracts/credit-code';

export class UserIdParam {
  @ApiProperty({ description: "the inspector's user id (1-100 visible ASCII characters)", example: 'inspector-017' })
  @IsString()
  @Matches(/^[\x21-\x7e]{1,100}$/, { message: 'userId must be 1-100 visible ASCII characters' })
  userId: string;
}

export class PutInspectorDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty() @IsBoolean() active: boolean;
  @ApiProperty({ type: [String], description: 'credit codes of the enterprises this inspector has a conflict of interest with' })
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsCreditCode({ each: true })
  conflicts: string[];
}
