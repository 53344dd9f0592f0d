import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { DeclaredCategory } from './declaration.mapper';

/**
 * A declaration the national EIA system sent us, as received (validated), with the application we filed for it.
 * The primary key makes a repeated declarationId find this row instead of filing a second application; the push
 * worker finds the declarationId of an application here.
 */
@Entity({ name: 'national_eia_declarations' })
export class DeclarationRow {
  @PrimaryColumn('text', { name: 'declaration_id' }) declarationId: string;
  @Column('text', { name: 'application_id', unique: true }) applicationId: string;
  @Column('text', { name: 'project_code' }) projectCode: string;
  @Column('text', { name: 'credit_code' }) creditCode: string;
  @Column('text') category: DeclaredCategory;
  /** The declaration as validated (the signed bytes are not kept; their SHA-256 is). */
  @Column('jsonb') body: Record<string, unknown>;
  @Column('text', { name: 'body_sha256' }) bodySha256: string;
  /** Our clock when it arrived (the manual clock in tests). */
  @Column('timestamptz', { name: 'received_at' }) receivedAt: Date;
  @Column('text', { name: 'correlation_id' }) correlationId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
