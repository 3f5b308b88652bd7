// Every workflow the worker registers (the worker's `workflowsPath` points here).
export { retrainModel } from './retrain-model';
export { deliverReport } from './deliver-report';
