import { Module } from '@nestjs/common';
import { MoveTestClockHandler } from './commands/move-test-clock';
import { TestClockController } from './test-clock.controller';

/** The manual clock's routes (development and test: imported only with CLOCK=manual, which production refuses). */
@Module({
  controllers: [TestClockController],
  providers: [MoveTestClockHandler],
})
export class TestClockModule {}
