import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const NODE_KINDS = ['start', 'task', 'countersign', 'gateway', 'wait', 'system', 'end'] as const;
const NODE_STATES = ['current', 'done', 'pending'] as const;

/** A step of a workflow as the diagram's data (libs/workflow diagramGraph). */
export class DiagramNodeDto {
  @ApiProperty({ description: 'the step id; `@start` for the start node', example: 'review' }) id: string;
  @ApiProperty({ enum: NODE_KINDS, example: 'task' }) kind: (typeof NODE_KINDS)[number];
  @ApiProperty({ description: "the step id (translate it with the labels' `step`), or `key vN` for the start", example: 'review' }) label: string;
  @ApiPropertyOptional({ description: "what the step does, in the definition's terms", example: 'review · pollution' }) detail?: string;
  @ApiProperty({ enum: NODE_STATES, description: 'the case is at this step now, has been through it, or not', example: 'current' })
  state: (typeof NODE_STATES)[number];
}

/** An exit of a step: the outcome or condition that takes the case from one step to the next. */
export class DiagramEdgeDto {
  @ApiProperty({ example: 'management-category' }) from: string;
  @ApiProperty({ example: 'review' }) to: string;
  @ApiPropertyOptional({ description: 'the outcome, countersign result, `otherwise`, `failed`, or the condition in words', example: 'otherwise' })
  label?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "a gateway route's condition as the definition holds it",
    example: { field: 'data.managementCategory', eq: 'registration' },
  })
  condition?: Record<string, unknown>;
  @ApiPropertyOptional({ description: "a system step's failure exit", example: true }) failure?: boolean;
}
