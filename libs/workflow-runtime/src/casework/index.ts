// The casework API, one folder per feature: its controller, its commands (through the CommandBus to a handler
// that calls CaseRuntime) and its queries (query services over CaseworkQueries; no TypeORM in a controller).
import { Provider, Type } from '@nestjs/common';
import { AuditController } from './audit/audit.controller';
import { AuditQueries } from './audit/audit.queries';
import { StartAuditVerificationHandler } from './audit/commands/start-verification';
import { CasesController } from './cases/cases.controller';
import { DeclareRecusalHandler, MigrateCaseHandler, ResumeCaseHandler, SuspendCaseHandler, WithdrawApplicationHandler } from './cases/commands/case-commands';
import { ClockController } from './clock/clock.controller';
import { ExtendLimitHandler, OrderOnSiteCheckHandler, ResumeClockHandler, SuspendClockHandler } from './clock/commands/clock-commands';
import { ChangeSignersHandler } from './countersign/commands/change-signers';
import { CountersignController } from './countersign/countersign.controller';
import { DiagramController } from './diagram/diagram.controller';
import { DiagramQueries } from './diagram/diagram.queries';
import { SlaController } from './sla/sla.controller';
import { CompleteTaskHandler } from './tasks/commands/complete-task';
import { ClaimTaskHandler, DelegateTaskHandler, TransferTaskHandler, UnclaimTaskHandler } from './tasks/commands/hand-over-task';
import { TasksController } from './tasks/tasks.controller';

export const CASEWORK_CONTROLLERS: Type[] = [
  TasksController,
  CasesController,
  CountersignController,
  ClockController,
  AuditController,
  DiagramController,
  SlaController,
];

/** The command handlers and query services the controllers above use (HTTP processes only). */
export const CASEWORK_HTTP_PROVIDERS: Provider[] = [
  CompleteTaskHandler,
  DelegateTaskHandler,
  TransferTaskHandler,
  ClaimTaskHandler,
  UnclaimTaskHandler,
  WithdrawApplicationHandler,
  SuspendCaseHandler,
  ResumeCaseHandler,
  MigrateCaseHandler,
  DeclareRecusalHandler,
  ChangeSignersHandler,
  SuspendClockHandler,
  ResumeClockHandler,
  ExtendLimitHandler,
  OrderOnSiteCheckHandler,
  StartAuditVerificationHandler,
  AuditQueries,
  DiagramQueries,
];

export { AuditController, CasesController, ClockController, CountersignController, DiagramController, SlaController, TasksController };
export * from './cases/commands/case-commands';
export * from './clock/commands/clock-commands';
export * from './countersign/commands/change-signers';
export * from './tasks/commands/complete-task';
export * from './tasks/commands/hand-over-task';
export * from './audit/commands/start-verification';
export { AuditQueries, verificationView } from './audit/audit.queries';
export { DiagramQueries } from './diagram/diagram.queries';
export type { RequestMeta } from './request';
