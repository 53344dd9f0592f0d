import { ApiProperty } from '@nestjs/swagger';

/** The roster's answers, for the OpenAPI document (each with an example). */

const CC = '91310000MA1FL0XX2K';

export class InspectorDto {
  @ApiProperty({ example: 'inspector-017' }) userId: string;
  @ApiProperty({ example: '王检查' }) name: string;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ type: [String], example: [CC], description: 'credit codes of entities this inspector may not check' }) conflicts: string[];
}

export const INSPECTOR_EXAMPLE = { userId: 'inspector-017', name: '王检查', active: true, conflicts: [CC] };

export class InspectorPageDto {
  @ApiProperty({ type: [InspectorDto] }) items: InspectorDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}
