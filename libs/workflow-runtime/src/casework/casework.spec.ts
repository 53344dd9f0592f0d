import 'reflect-metadata';
import { Command } from '@nestjs/cqrs';
import { COMMAND_HANDLER_METADATA } from '@nestjs/cqrs/dist/decorators/constants';
import { DataSource, EntityManager, Repository } from 'typeorm';
import * as casework from '.';

const handled = casework.CASEWORK_HTTP_PROVIDERS.map((p) => Reflect.getMetadata(COMMAND_HANDLER_METADATA, p) as unknown).filter(Boolean);
/** Every command class the casework API exports (task commands, case commands, the audit verification). */
const commands = (Object.values(casework) as unknown[]).filter(
  (v): v is new (...args: never[]) => unknown => typeof v === 'function' && v.prototype instanceof Command,
);

describe('the casework API', () => {
  it('gives every command exactly one handler among the providers the module registers', () => {
    expect(commands.length).toBeGreaterThanOrEqual(16);
    for (const c of commands) expect(handled.filter((h) => h === c)).toHaveLength(1);
  });

  it('has no controller that reaches TypeORM (queries go through query services, commands through the bus)', () => {
    for (const controller of casework.CASEWORK_CONTROLLERS) {
      const deps = (Reflect.getMetadata('design:paramtypes', controller) ?? []) as unknown[];
      for (const d of deps) expect([DataSource, EntityManager, Repository]).not.toContain(d);
    }
  });
});
