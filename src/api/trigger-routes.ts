// The trigger routes: feedback events and retrain requests, and reading, retrying and cancelling a run. Each is a call
// of the client API; its typed errors become 4xx/503 answers in the error handler.
import type { RetrainClient, TriggerAck } from '../client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseJsonBody, validate, FeedbackEventBody, EmptyBody, RetrainIdParams, RetrainRequestBody } from './requests';

// What the HTTP API needs from the client API: the calls behind its routes. A RetrainClient (src/client) is
// one; naming the subset keeps the API's dependency as small as its use.
export type TriggerClient = Pick<RetrainClient, 'notifyCheckedFeedback' | 'requestCheckedRetrain' | 'getRetrain' | 'retry' | 'cancel'>;
export type { TriggerAck } from '../client';

// POST /v1/events/feedback: an application reports new feedback examples for a model. The coordinator dedupes by
// eventId and debounces bursts, so the answer says what became of the event (started, queued, debounced, duplicate).
export function registerFeedbackRoutes(app: FastifyInstance, client: TriggerClient): void {
  app.post('/events/feedback', async (request, reply) => {
    const event = validate(FeedbackEventBody, parseJsonBody(request.body), 'body');
    const ack = await client.notifyCheckedFeedback(event);
    return reply.code(202).send(ack);
  });
}

// Ops routes: request a retrain, read one, retry a failed one, cancel a running one. Each is a call of the client
// API; its typed errors become 4xx/503 answers in the server's error handler.
/** Einstein has no cancel endpoint: what a cancel does and does not stop. */
export const CANCEL_NOTE = 'Waiting stops and a CANCELLED report is emitted; a training already running in Einstein may still finish.';

export function registerRetrainRoutes(app: FastifyInstance, client: TriggerClient): void {
  app.post('/retrains', async (request, reply) => {
    // Checked once, here; the trigger carries the caller's own values (the parsed body has the policy defaults filled in).
    const raw = parseJsonBody(request.body);
    validate(RetrainRequestBody, raw, 'body');
    return accepted(reply, await client.requestCheckedRetrain({ ...(raw as RetrainRequestBody), source: 'api' }));
  });

  app.get('/retrains/:id', async (request) => client.getRetrain(retrainId(request)));

  app.post('/retrains/:id/retry', async (request, reply) => {
    const id = retrainId(request);
    validate(EmptyBody, parseJsonBody(request.body) ?? {}, 'body');
    return accepted(reply, await client.retry(id));
  });

  app.post('/retrains/:id/cancel', async (request, reply) => {
    const id = retrainId(request);
    validate(EmptyBody, parseJsonBody(request.body) ?? {}, 'body');
    await client.cancel(id);
    return reply.code(202).send({ workflowId: id, cancelRequested: true, note: CANCEL_NOTE });
  });
}

function retrainId(request: FastifyRequest): string {
  return validate(RetrainIdParams, request.params, 'path').id;
}

function accepted(reply: FastifyReply, ack: TriggerAck): FastifyReply {
  if (ack.retrainWorkflowId) reply.header('location', `/v1/retrains/${encodeURIComponent(ack.retrainWorkflowId)}`);
  return reply.code(202).send(ack);
}
