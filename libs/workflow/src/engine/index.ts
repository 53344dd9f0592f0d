// The pure workflow engine: definitions as data, `decide` as the only way a case changes.
export * from './definition';
export * from './state';
export * from './commands';
export * from './events';
export * from './errors';
export {
  CASE_DATA,
  attributeValueProblem,
  conditionProblems,
  describeCondition,
  evaluate,
  parseCondition,
  readField,
  type AttributeSpec,
  type AttributeType,
  type AttributeValue,
  type Attributes,
  type Comparing,
  type Comparison,
  type Facts,
  type Subject,
  type Test,
  type Truth,
  type Vocabulary,
} from './condition';
export { tally, quorumRequired, signersToAsk, type Ballot, type Tally } from './countersign-policy';
export { validateDefinition, assertValidDefinition } from './validate';
export { decide, fingerprint, type Decision } from './decide';
export { replay, historyEntry, type HistoryEntry } from './replay';
