// The final retrain report: pure functions and schemas (no Node built-ins), safe to import from workflow code.
export { ConfusionMatrix, MAX_CONFUSION_LABELS, MetricsSummary, type RawModelMetrics, summarizeMetrics, summarizeModelMetrics } from './metrics-summary';
export { MetricChange, MetricsComparison, compareMetrics, effectiveMacroF1 } from './metrics-comparison';
export {
  FAILURE_OUTCOMES,
  FailedReport,
  FailureOutcome,
  REPORT_SCHEMA_VERSION,
  RETRAIN_OUTCOMES,
  ReportTiming,
  RetrainOutcome,
  RetrainParameters,
  RetrainReport,
  SucceededReport,
  TrainStats,
} from './retrain-report';
export {
  type FailureReportInput,
  type MetricsInput,
  ReportInputError,
  type ReportSubjectInput,
  type SuccessReportInput,
  type TimestampInput,
  buildFailureReport,
  buildSuccessReport,
  parseRetrainReport,
  reportIdFor,
} from './build-report';
export { formatMetricsTable } from './metrics-table';
export {
  DEFAULT_MAX_DROP,
  GATE_METRICS,
  GateMetric,
  NO_ROLLBACK_NOTE,
  QualityGate,
  QualityVerdict,
  VERDICTS,
  Verdict,
  defaultGateMetric,
  judgeRetrain,
} from './quality-verdict';
