// The classification's read side (STYLE: queries through query services): pure functions of the shipped
// catalogue and the service's clock; every failure a DomainError with its code.
import { Injectable } from '@nestjs/common';
import { Clock } from '@permits/clock';
import { shanghaiDate } from '@permits/workflow/calendar';
import {
  classify,
  ClassificationInputError,
  IndustryNotCoveredError,
  NoDirectoryInForceError,
  questionsFor,
  type Classification,
  type EiaQuestion,
} from './classify';
import { DomainError } from '@permits/core';

/** 400 INVALID_INPUT naming each field (and the unanswered questions); 422 where the loaded data cannot answer. */
function domainErrorOf(err: unknown): unknown {
  if (err instanceof ClassificationInputError) return new DomainError('INVALID_INPUT', err.problems.join('; '));
  if (err instanceof IndustryNotCoveredError || err instanceof NoDirectoryInForceError) return new DomainError(err.code, err.message);
  return err;
}

@Injectable()
export class ClassificationQueries {
  constructor(private readonly clock: Clock) {}

  private async today(): Promise<string> {
    return shanghaiDate(await this.clock.now());
  }

  async classify(input: { industryCode: string; attributes?: Record<string, unknown>; declaredOn?: string }): Promise<Classification> {
    const today = await this.today();
    try {
      return classify(
        { industryCode: input.industryCode, attributes: input.attributes ?? {}, ...(input.declaredOn !== undefined ? { declaredOn: input.declaredOn } : {}) },
        { today },
      );
    } catch (err: unknown) {
      throw domainErrorOf(err);
    }
  }

  async questions(input: { industryCode: string; declaredOn?: string }): Promise<EiaQuestion[]> {
    const today = await this.today();
    try {
      return questionsFor(input, { today });
    } catch (err: unknown) {
      throw domainErrorOf(err);
    }
  }
}
