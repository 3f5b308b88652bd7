// What a retrain schedule starts at each firing: a tiny workflow that forwards one `schedule` trigger to the model's
// coordinator. The coordinator decides whether a training starts, so a firing during a retrain never starts a second.
// The request id names this firing (workflow id + run id: two manual triggers within one second share a workflow id),
// so a retried forward is dropped as a repeat.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { CoordinationActivities } from '../activities/coordination';
import type { ScheduledTriggerInput } from './coordinator-messages';

const { forwardTrigger } = proxyActivities<CoordinationActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface ScheduledTriggerResult {
  coordinatorId: string;
  requestId: string;
}

export async function scheduledRetrainTrigger(input: ScheduledTriggerInput): Promise<ScheduledTriggerResult> {
  const { workflowId, runId } = workflowInfo();
  const requestId = `schedule:${workflowId}/${runId}`;
  const coordinatorId = await forwardTrigger.executeWithOptions({ summary: `forward the schedule's trigger to the coordinator of model ${input.modelId}` }, [
    {
      domain: input.domain,
      modelId: input.modelId,
      trigger: {
        kind: 'request',
        requestId,
        source: 'schedule',
        ...(input.params && { params: input.params }),
        ...(input.policy && { policy: input.policy }),
      },
    },
  ]);
  return { coordinatorId, requestId };
}
