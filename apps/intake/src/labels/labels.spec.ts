import * as enums from '@permits/contracts/enums';
import { DOMAIN_ERROR_STATUS } from '@permits/core';
import * as http from '@permits/http';
import { DEFAULT_DEFINITIONS } from '@permits/workflow/definitions';
import { ENUM_CATEGORIES, LANGUAGES, labels } from './labels';

/** Every string array exported by libs/contracts/src/enums.ts: the enum values the API may return. */
const contractEnums = (Object.entries(enums) as [string, unknown][]).filter(
  (e): e is [string, readonly string[]] => Array.isArray(e[1]) && e[1].every((v) => typeof v === 'string'),
);

/** The error codes of libs/http: the domain codes and, where it lists them, the generic ones. */
const errorCodes = (): string[] => {
  const h = http as unknown as Record<string, unknown>;
  const listed = h.ERROR_CODES;
  const generic = Array.isArray(listed) ? listed : listed && typeof listed === 'object' ? Object.keys(listed) : [];
  return [...new Set([...Object.keys(DOMAIN_ERROR_STATUS), ...(generic as string[])])];
};

describe('labels', () => {
  it('names a label category for every enum of libs/contracts', () => {
    expect(contractEnums.length).toBeGreaterThan(10);
    expect(contractEnums.map(([name]) => name).filter((name) => !ENUM_CATEGORIES[name])).toEqual([]);
  });

  describe.each(LANGUAGES)('in %s', (lang) => {
    const l = labels(lang);
    const missing = (category: string, values: readonly string[]) => values.filter((v) => !l[category]?.[v]?.trim()).map((v) => `${category}.${v}`);

    it('labels every value of every enum of libs/contracts', () => {
      expect(contractEnums.flatMap(([name, values]) => missing(ENUM_CATEGORIES[name], values))).toEqual([]);
    });

    it('labels every step id and task kind of every default definition', () => {
      const steps = DEFAULT_DEFINITIONS.flatMap((d) => d.steps.map((s) => s.id));
      const kinds = DEFAULT_DEFINITIONS.flatMap((d) => d.steps.flatMap((s) => ('taskKind' in s && s.taskKind ? [s.taskKind] : [])));
      expect([...missing('step', steps), ...missing('taskKind', kinds)]).toEqual([]);
    });

    it('labels every error code of libs/http', () => {
      expect(missing('errorCode', errorCodes())).toEqual([]);
    });
  });

  it('answers Chinese and English apart', () => {
    expect(labels('zh-CN').status.approved).toBe('已批准');
    expect(labels('en').status.approved).toBe('Approved');
  });
});
