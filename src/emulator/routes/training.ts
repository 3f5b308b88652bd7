/**
 * Training endpoints for one domain: POST train, POST retrain, GET train/{modelId}.
 */
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { Domain } from '../state/fixture';
import { readForm } from './form';
import { readTrainingStatus, retrain, train } from './training-actions';
import { attributeToModel } from './pipeline';

export function registerTrainingRoutes(app: FastifyInstance, em: Emulator, domain: Domain): void {
  app.post(`/v2/${domain}/train`, async (request) => {
    const view = train(em, domain, readForm(request));
    attributeToModel(em, request, String(view.modelId));
    return view;
  });
  app.post(`/v2/${domain}/retrain`, async (request) => retrain(em, domain, readForm(request)));
  app.get<{ Params: { modelId: string } }>(`/v2/${domain}/train/:modelId`, async (request) => {
    const { view, terminalRead } = readTrainingStatus(em, domain, request.params.modelId);
    if (terminalRead) request.emulatorTerminalRead = terminalRead;
    return view;
  });
}
