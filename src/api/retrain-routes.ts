// Ops routes: request a retrain, read one, retry a failed one, cancel a running one. Each is a call of the client
// API; its typed errors become 4xx/503 answers in the server's error handler.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseJsonBody, validate } from './request-body';
import { EmptyBody, RetrainIdParams, RetrainRequestBody } from './schemas';
import type { TriggerAck, TriggerClient } from './trigger-client';

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
