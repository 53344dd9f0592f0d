// The one place where the national EIA system's words become ours (DOMAIN.md: "a mapping layer that can be changed
// without touching the workflow"). Inbound: a declaration becomes the facts of an application (sub-item, applicant,
// project, materials). Outbound: our application status becomes the status the national system is told. The
// workflow only ever sees our sub-item and `eiaCategory` in the case data.
import type { ApplicationStatus, EiaCategory } from '@permits/contracts/enums';
import { NATIONAL_EIA_CHANNEL } from '@permits/contracts/jobs';

export { NATIONAL_EIA_CHANNEL };

/** The categories a declaration can carry: a project with no EIA at all is never declared. */
export const DECLARED_CATEGORIES = ['report_book', 'report_table', 'registration'] as const satisfies readonly EiaCategory[];
export type DeclaredCategory = (typeof DECLARED_CATEGORIES)[number];

/** Who filed them: no person of ours; the enterprise is the construction unit's credit code. */
export const NATIONAL_EIA_USER_ID = 'national-eia';

/**
 * Our catalog's sub-item for each category (apps/intake/src/catalog/data/catalog.json): the first submission of a
 * report book (HB-001-01) or report form (HB-002-01), and the filing of a registration form (HB-004-01). A
 * declaration does not say whether it is a resubmission after a major change (HB-00x-02); it is filed as a first
 * submission, and the window can correct that at acceptance.
 */
export const SUB_ITEM_BY_CATEGORY: Readonly<Record<DeclaredCategory, string>> = {
  report_book: 'HB-001-01',
  report_table: 'HB-002-01',
  registration: 'HB-004-01',
};

/** Material codes of imported documents: NEIA-DOC-01, -02, … in the order the declaration lists them. */
export const NATIONAL_DOCUMENT_CODE = (index: number): string => `NEIA-DOC-${String(index + 1).padStart(2, '0')}`;

export interface NationalDeclaration {
  declarationId: string;
  projectCode: string;
  projectName: string;
  constructionUnit: { name: string; creditCode: string };
  category: DeclaredCategory;
  industryCode: string;
  location: string;
  investment: number;
  documents: { name: string; sha256: string }[];
}

export interface ApplicationFacts {
  channel: string;
  subItemCode: string;
  applicant: { creditCode: string; name: string; userId: string };
  project: { name: string; code: string; industryCode: string; location: string; investment: number; eiaCategory: DeclaredCategory };
  materials: { code: string; fileName: string; sha256: string; heldBy: string }[];
}

/**
 * The application a declaration files. Its documents become materials that carry only name and hash: the files
 * stay in the national system, which holds the originals; we keep the SHA-256 so that any copy fetched later can
 * be checked against what was declared, and mark them `heldBy: national-eia` (they are not in our file store).
 * They are not matched to the sub-item's material list: the national system checked completeness, and our
 * window reviews them at acceptance (and can ask for corrections there).
 */
export function applicationFromDeclaration(d: NationalDeclaration): ApplicationFacts {
  return {
    channel: NATIONAL_EIA_CHANNEL,
    subItemCode: SUB_ITEM_BY_CATEGORY[d.category],
    applicant: { creditCode: d.constructionUnit.creditCode, name: d.constructionUnit.name, userId: NATIONAL_EIA_USER_ID },
    project: {
      name: d.projectName,
      code: d.projectCode,
      industryCode: d.industryCode,
      location: d.location,
      investment: d.investment,
      eiaCategory: d.category,
    },
    materials: d.documents.map((doc, i) => ({
      code: NATIONAL_DOCUMENT_CODE(i),
      fileName: doc.name,
      sha256: doc.sha256.toLowerCase(),
      heldBy: NATIONAL_EIA_CHANNEL,
    })),
  };
}

/**
 * The status the national system is told. Today it is ours unchanged (API.md's status values); should the
 * national vocabulary differ, this is the one line to change.
 */
export function nationalStatusOf(status: ApplicationStatus): string {
  return status;
}
