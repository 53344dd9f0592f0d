import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_KINDS } from '@permits/contracts/enums';

/** The notification service's answers, for the OpenAPI document (each with an example). */

export class RecipientDto {
  @ApiProperty({ enum: ['user', 'enterprise', 'dept', 'role'], example: 'enterprise' }) type: string;
  @ApiProperty({ example: '91310000MA1FL0XX2K' }) id: string;
}

export class DeliveryStateDto {
  @ApiProperty({ enum: ['email', 'sms'], example: 'email' }) channel: string;
  @ApiProperty({ example: 'sent', description: 'pending, sent or failed' }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T02:15:03.000Z' }) sentAt: string | null;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid', example: '0193a5c4-0000-7000-8000-00000000a001' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, example: 'correction_requested' }) kind: string;
  @ApiProperty({ type: String, nullable: true, example: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e' }) applicationId: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T02:15:00.000Z' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) readAt: string | null;
  @ApiProperty({ type: RecipientDto }) recipient: RecipientDto;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { corrections: ['M01'] } }) data: Record<string, unknown>;
  @ApiProperty({ type: [DeliveryStateDto] }) deliveries: DeliveryStateDto[];
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
  @ApiProperty({ example: 1, description: "the caller's unread notifications (one per event)" }) unread: number;
}

export const NOTIFICATION_PAGE_EXAMPLE = {
  items: [
    {
      id: '0193a5c4-0000-7000-8000-00000000a001',
      kind: 'correction_requested',
      applicationId: '0193a5c2-6f1e-7d2b-9c4a-5e8f1b2c3d4e',
      createdAt: '2026-11-30T02:15:00.000Z',
      readAt: null,
      recipient: { type: 'enterprise', id: '91310000MA1FL0XX2K' },
      data: { corrections: ['M01'] },
      deliveries: [{ channel: 'email', status: 'sent', sentAt: '2026-11-30T02:15:03.000Z' }],
    },
  ],
  nextCursor: null,
  unread: 1,
};

export class ReadAllDto {
  @ApiProperty({ example: 3, description: 'how many were unread' }) updated: number;
}

export class ReadDto {
  @ApiProperty({ example: '0193a5c4-0000-7000-8000-00000000a001' }) id: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T03:00:00.000Z' }) readAt: string;
}

export class ContactViewDto {
  @ApiProperty({ enum: ['user', 'enterprise', 'dept'], example: 'enterprise' }) type: string;
  @ApiProperty({ example: '91310000MA1FL0XX2K' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: 'ehs@example.com' }) email: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+8613800138000' }) phone: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T03:00:00.000Z' }) updatedAt: string;
  @ApiProperty({ example: 'admin-1' }) updatedBy: string;
}

export const CONTACT_EXAMPLE = {
  type: 'enterprise',
  id: '91310000MA1FL0XX2K',
  email: 'ehs@example.com',
  phone: '+8613800138000',
  updatedAt: '2026-11-30T03:00:00.000Z',
  updatedBy: 'admin-1',
};

export class FailedDeliveryDto {
  @ApiProperty({ example: '0193a5c4-0000-7000-8000-00000000d001' }) id: string;
  @ApiProperty({ example: '0193a5c4-0000-7000-8000-00000000a001' }) notificationId: string;
  @ApiProperty({ enum: ['email', 'sms'], example: 'sms' }) channel: string;
  @ApiProperty({ example: 'failed' }) status: string;
  @ApiProperty({ example: 8 }) attempts: number;
  @ApiProperty({ type: String, nullable: true, example: 'SMS gateway answered 503' }) lastError: string | null;
}

export class NotificationDeadLetterDto {
  @ApiProperty({ example: '0193a5c4-0000-7000-8000-00000000d001' }) id: string;
  @ApiProperty({ enum: ['notification', 'notification-delivery'], example: 'notification-delivery' }) queue: string;
  @ApiProperty({ example: 'notification.deliver.v1' }) job: string;
  @ApiProperty({ example: 'SMS gateway answered 503' }) failedReason: string;
  @ApiProperty({ example: 8 }) attemptsMade: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T04:00:00.000Z' }) failedAt: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { deliveryId: '0193a5c4-0000-7000-8000-00000000d001' } }) data: Record<string, unknown>;
  @ApiPropertyOptional({ type: FailedDeliveryDto }) delivery?: FailedDeliveryDto;
}

export class NotificationDeadLetterPageDto {
  @ApiProperty({ type: [NotificationDeadLetterDto] }) items: NotificationDeadLetterDto[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export const NOTIFICATION_DEAD_LETTERS_EXAMPLE = {
  items: [
    {
      id: '0193a5c4-0000-7000-8000-00000000d001',
      queue: 'notification-delivery',
      job: 'notification.deliver.v1',
      failedReason: 'SMS gateway answered 503',
      attemptsMade: 8,
      failedAt: '2026-11-30T04:00:00.000Z',
      data: { deliveryId: '0193a5c4-0000-7000-8000-00000000d001' },
      delivery: {
        id: '0193a5c4-0000-7000-8000-00000000d001',
        notificationId: '0193a5c4-0000-7000-8000-00000000a001',
        channel: 'sms',
        status: 'failed',
        attempts: 8,
        lastError: 'SMS gateway answered 503',
      },
    },
  ],
  nextCursor: null,
};
