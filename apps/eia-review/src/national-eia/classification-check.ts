// A national declaration names its EIA category; the classification directory in force on the day it arrives says
// which categories its industry can take. A declaration whose category the directory cannot give is flagged for the
// reviewers (API.md "EIA": never a guess). The check only informs: the declared category still routes the case.
import type { EiaCategory } from '@permits/contracts/enums';
import { ClassificationInputError, IndustryNotCoveredError, NoDirectoryInForceError, possibleCategories } from '../classification';
import type { DeclaredCategory } from './declaration.mapper';
import { DomainError } from '@permits/core';

export interface ClassificationCheck {
  declared: DeclaredCategory;
  /** The categories the directory can give the industry on the facts declared; null when it cannot say. */
  directory: EiaCategory[] | null;
  /** false: the directory never gives the declared category for this industry (the flag); null: it cannot say. */
  agrees: boolean | null;
  rule: string;
  catalogVersion: string | null;
  /** The date whose directory version was used (the declaration's receipt date, China Standard Time). */
  checkedOn: string;
}

/**
 * Throws DomainError INVALID_INPUT (400) for an industry code GB/T 4754-2017 does not have: the declaration is
 * refused, naming the field, rather than filed under an industry nobody can check.
 */
export function classificationCheckOf(declared: DeclaredCategory, industryCode: string, receivedOn: string): ClassificationCheck {
  try {
    const possible = possibleCategories({ industryCode, declaredOn: receivedOn }, { today: receivedOn });
    const agrees = possible.categories.includes(declared);
    return {
      declared,
      directory: [...possible.categories],
      agrees,
      rule: agrees ? possible.rule : `declared ${declared}, but the directory gives ${possible.categories.join(' or ')}: ${possible.rule}`,
      catalogVersion: possible.catalogVersion,
      checkedOn: receivedOn,
    };
  } catch (err: unknown) {
    if (err instanceof IndustryNotCoveredError || err instanceof NoDirectoryInForceError) {
      return {
        declared,
        directory: null,
        agrees: null,
        rule: err.message,
        catalogVersion: err instanceof IndustryNotCoveredError ? err.catalogVersion : null,
        checkedOn: receivedOn,
      };
    }
    if (err instanceof ClassificationInputError) throw new DomainError('INVALID_INPUT', err.problems.join('; '));
    throw err;
  }
}
