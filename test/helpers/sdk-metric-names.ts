// Temporal SDK metric names that the dashboard and alert rules query, as Temporal's own SDK dashboards name them
// (`_total` counters, `_seconds` histograms). test/integration/retrain/worker-process.test.ts checks that a worker
// serves each of them after a retrain; test/unit/monitoring checks that the dashboard and rules use no other.
export const SDK_METRICS_QUERIED = [
  'temporal_workflow_completed_total',
  'temporal_workflow_failed_total',
  'temporal_activity_execution_latency_seconds_bucket',
  'temporal_activity_schedule_to_start_latency_seconds_bucket',
  'temporal_workflow_task_schedule_to_start_latency_seconds_bucket',
  'temporal_request_latency_seconds_bucket',
  'temporal_worker_task_slots_available',
  'temporal_num_pollers',
] as const;

/** Those a worker serves from its first poll; the rest appear once something happened (a workflow failed, ...). */
export const SDK_METRICS_AFTER_A_RETRAIN = SDK_METRICS_QUERIED.filter((name) => name !== 'temporal_workflow_failed_total');
