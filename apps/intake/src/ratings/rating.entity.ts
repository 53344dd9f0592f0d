import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** 好差评: the applicant's rating of a decided application, one per application (migration CounterAndRatings). */
@Entity({ name: 'ratings' })
@Index('ratings_by_day', ['ratedAt'])
export class RatingRow {
  @PrimaryColumn('text', { name: 'application_id' }) applicationId: string;
  @Column('text', { name: 'credit_code' }) creditCode: string;
  @Column('text', { name: 'user_id' }) userId: string;
  /** 非常满意 5, 满意 4, 基本满意 3, 不满意 2, 非常不满意 1 */
  @Column('smallint') score: number;
  @Column('text', { nullable: true }) comment: string | null;
  @Column('timestamptz', { name: 'rated_at' }) ratedAt: Date;
  /** A rating of 1 or 2: the window's follow-up case (definition rating_follow_up). */
  @Column('text', { name: 'follow_up_case_id', nullable: true }) followUpCaseId: string | null;
}

/** Cases the bureau records as handled outside the system (体外): they count against the single-window rate. */
@Entity({ name: 'handled_outside' })
@Index('handled_outside_by_day', ['receivedOn'])
export class HandledOutsideRow {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'sub_item_code' }) subItemCode: string;
  @Column('text', { name: 'license_type' }) licenseType: string;
  @Column('date', { name: 'received_on' }) receivedOn: string;
  @Column('integer') count: number;
  @Column('text') reason: string;
  @Column('text', { name: 'recorded_by' }) recordedBy: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt: Date;
}
