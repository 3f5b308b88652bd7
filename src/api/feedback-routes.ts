// POST /v1/events/feedback: an application reports new feedback examples for a model. The coordinator dedupes by
// eventId and debounces bursts, so the answer says what became of the event (started, queued, debounced, duplicate).
import type { FastifyInstance } from 'fastify';
import { parseJsonBody, validate } from './request-body';
import { FeedbackEventBody } from './schemas';
import type { TriggerClient } from './trigger-client';

export function registerFeedbackRoutes(app: FastifyInstance, client: TriggerClient): void {
  app.post('/events/feedback', async (request, reply) => {
    const event = validate(FeedbackEventBody, parseJsonBody(request.body), 'body');
    const ack = await client.notifyCheckedFeedback(event);
    return reply.code(202).send(ack);
  });
}
