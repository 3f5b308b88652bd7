/** POST /v2/{domain}/feedback. */
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { createFeedback } from './feedback-actions';
import type { Domain } from '../state/fixture';
import { readForm } from './form';

export function registerFeedbackRoutes(app: FastifyInstance, em: Emulator, domain: Domain): void {
  app.post(`/v2/${domain}/feedback`, async (request) => createFeedback(em, domain, readForm(request)));
}
