// Package entry: the client API for applications, with the types of what it returns and what the workflows take.
export * from './client';
export type { RetrainReport, SucceededReport, FailedReport, RetrainOutcome, FailureOutcome, MetricsSummary, MetricsComparison, RetrainParameters } from './report';
export { parseRetrainReport, RETRAIN_OUTCOMES } from './report';
export type { RetrainInput, RetrainPolicy, ValidRetrainInput } from './contract/retrain-input';
export { RetrainInputError, parseRetrainInput } from './contract/retrain-input';
export type { RetrainResult } from './workflows/retrain-model';
export type { RetrainState, RetrainPhase } from './workflows/retrain-state';
export type { CoordinatorInput, ScheduledTriggerInput } from './workflows/coordinator-messages';
export type { CoordinatorTrigger } from './contract/trigger';
export { retrainWorkflowId, coordinatorWorkflowId, reportWorkflowId } from './workflows/workflow-ids';
