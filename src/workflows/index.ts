// Every workflow the worker registers (the worker's `workflowsPath` points here).
export { retrainModel } from './retrain-model';
export { deliverReport } from './deliver-report';
export { retrainCoordinator } from './coordinator';
export { scheduledRetrainTrigger } from './scheduled-trigger';
