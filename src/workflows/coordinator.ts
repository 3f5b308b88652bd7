// The per-model coordinator (docs/ARCHITECTURE.md): an entity workflow through which every trigger of one model passes.
// At most one retrain runs per model; triggers that arrive meanwhile fold into one follow-up run; repeats are
// dropped; feedback is debounced. All decisions are the pure functions of coordinator-decisions.ts; this file only
// wires them to messages, timers, the child run and continue-as-new.
import { allHandlersFinished, condition, continueAsNew, log, setCurrentDetails, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  acceptTrigger,
  adoptRun,
  configured,
  launched,
  launchFailed,
  nextAction,
  rejected,
  runClosed,
  type RetrainLaunch,
  type RunClosure,
} from './coordinator-decisions';
import {
  configureUpdate,
  coordinatorStateQuery,
  triggerSignal,
  triggerUpdate,
  type CoordinatorInput,
} from './coordinator-messages';
import type { CoordinatorTrigger, TriggerAck } from '../contract/trigger';
import { childClosure, openRunOfModel, startRetrainChild, watchRun } from './coordinator-runs';
import { applySettingsPatch, defaultSettings } from './coordinator-settings';
import { initialCoordinatorState, type CoordinatorState } from './coordinator-state';
import { parseSettingsPatch, parseTrigger, TriggerValidationError } from './coordinator-validation';
import { coordinatorView } from './coordinator-view';
import { retrainWorkflowId } from './workflow-ids';
import { coordinatorCurrentDetails } from './run-details';

/** Continue-as-new well before Temporal's limits; the state carried over is bounded. */
const DEFAULT_HISTORY_EVENTS = 2000;
const DEFAULT_WATCH_POLL = { min: 1_000, max: 30_000 };

export async function retrainCoordinator(input: CoordinatorInput): Promise<void> {
  const { domain, modelId } = input;
  const coordinatorId = workflowInfo().workflowId;
  const historyLimit = input.limits?.historyEvents ?? DEFAULT_HISTORY_EVENTS;
  let state: CoordinatorState = input.state ?? initialCoordinatorState(domain, modelId, applySettingsPatch(defaultSettings(), input.settings ?? {}));
  let version = 0;
  // The Temporal UI's current details (run-details.ts): the running and the pending retrain, rewritten at each change.
  const showState = () => setCurrentDetails(coordinatorCurrentDetails(coordinatorView(state, Date.now(), coordinatorId, workflowInfo().historyLength)));
  const apply = (next: CoordinatorState) => {
    state = next;
    version++;
    showState();
  };
  showState();
  // A fresh coordinator first looks for a run of its model that nobody watches, before it decides anything.
  let ready = input.state !== undefined;

  const accept = (trigger: CoordinatorTrigger): TriggerAck => {
    const result = acceptTrigger(state, trigger, Date.now(), newRetrainId(domain, modelId));
    apply(result.state);
    return { coordinatorId, disposition: result.disposition, ...(result.retrainWorkflowId && { retrainWorkflowId: result.retrainWorkflowId }) };
  };
  setHandler(
    triggerUpdate,
    async (trigger) => {
      await condition(() => ready);
      return accept(trigger);
    },
    { validator: (trigger) => void parseTrigger(domain, modelId, trigger) },
  );
  setHandler(triggerSignal, async (raw) => {
    await condition(() => ready);
    try {
      parseTrigger(domain, modelId, raw);
      accept(raw); // as sent, like an update: parsing would fill in policy defaults the sender left out
    } catch (error) {
      if (!(error instanceof TriggerValidationError)) throw error;
      log.warn('Dropped an invalid trigger', { issues: error.issues });
      apply(rejected(state, error.message, Date.now()));
    }
  });
  setHandler(configureUpdate, (patch) => {
    apply(configured(state, applySettingsPatch(state.settings, patch), Date.now()));
    return state.settings;
  }, { validator: (patch) => void parseSettingsPatch(patch) });
  setHandler(coordinatorStateQuery, () => coordinatorView(state, Date.now(), coordinatorId, workflowInfo().historyLength));

  const closed = (closure: RunClosure | undefined) => {
    if (closure) apply(runClosed(state, closure, Date.now()));
  };
  const watchPoll = input.limits?.watchPollMs ?? DEFAULT_WATCH_POLL;
  const watch = (run: { workflowId: string; runId?: string }) =>
    void watchRun(run, watchPoll, () => state.running?.workflowId === run.workflowId).then(closed, (error: unknown) => {
      // The forget deadline in the state still frees the model.
      log.error('Lost track of a run', { workflowId: run.workflowId, error: String(error) });
    });

  if (!ready) {
    const orphan = await openRunOfModel(domain, modelId);
    if (orphan) apply(adoptRun(state, orphan, Date.now()));
    ready = true;
  }
  if (state.running) watch(state.running);

  const launch = async (next: RetrainLaunch) => {
    try {
      const child = await startRetrainChild(next);
      apply(launched(state, next.workflowId, child.firstExecutionRunId, Date.now()));
      void childClosure(child).then(closed);
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return watch({ workflowId: next.workflowId });
      apply(launchFailed(state, next.workflowId, error instanceof Error ? error.message : String(error), Date.now()));
    }
  };

  const timeToContinueAsNew = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit;
  while (!timeToContinueAsNew()) {
    const action = nextAction(state, Date.now());
    if (action.kind === 'launch') {
      apply(action.state);
      await launch(action.launch);
      continue;
    }
    if (action.state !== state) apply(action.state);
    const seen = version;
    const wakeAtMs = action.wakeAtMs;
    // Wake early only for news that changes what to do or makes the wait shorter (not for every feedback event).
    const somethingSooner = () => {
      if (version === seen) return false;
      const now = nextAction(state, Date.now());
      return now.kind === 'launch' || now.state !== state || (now.wakeAtMs !== undefined && (wakeAtMs === undefined || now.wakeAtMs < wakeAtMs));
    };
    const wake = () => timeToContinueAsNew() || somethingSooner();
    if (wakeAtMs === undefined) await condition(wake);
    else await condition(wake, Math.max(1, wakeAtMs - Date.now()));
  }
  // Update and signal handlers may still be waiting for `ready`; let them finish so no trigger is lost.
  await condition(allHandlersFinished);
  await continueAsNew<typeof retrainCoordinator>({ domain, modelId, limits: input.limits, state });
}

/** Time first, so a model's runs sort by when they were asked for in the Temporal UI. */
function newRetrainId(domain: string, modelId: string): string {
  const time = new Date(Date.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return retrainWorkflowId(domain, modelId, `${time}-${uuid4().slice(0, 8)}`);
}
