// EIA classification: a pure module over versioned data (see classify.ts for the rules).
export {
  classify,
  possibleCategories,
  type PossibleCategories,
  shippedEiaCatalogue,
  ClassificationInputError,
  IndustryNotCoveredError,
  NoDirectoryInForceError,
  type Classification,
  type ClassificationBasis,
  type ClassifyInput,
  type ClassifyOptions,
  type PartClassification,
} from './classify';
export {
  CATEGORY_RANK,
  EiaDataError,
  SHIPPED_EIA_DATA,
  directoryInForce,
  exemptionListInForce,
  loadEiaCatalogue,
  type Directory,
  type DirectoryRow,
  type EiaCatalogue,
  type EiaDataSources,
  type ExemptionEntry,
  type ExemptionList,
} from './eia-catalogue';
