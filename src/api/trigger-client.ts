// What the HTTP API needs from the client API: the calls behind its routes. A RetrainClient (src/client) is
// one; naming the subset keeps the API's dependency as small as its use.
import type { RetrainClient } from '../client';

export type TriggerClient = Pick<RetrainClient, 'notifyCheckedFeedback' | 'requestCheckedRetrain' | 'getRetrain' | 'retry' | 'cancel'>;
export type { TriggerAck } from '../client';
