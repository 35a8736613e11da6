export { BUILTIN_SUITES_DIR, type LoadSuiteOptions, listBuiltinSuites, loadSuite } from './load-suite.ts';
export { parseSuite } from './parse-suite.ts';
export { SuiteError, type SuiteIssue } from './suite-error.ts';
export { expandSuite, expandTemplate, substitute } from './template.ts';
