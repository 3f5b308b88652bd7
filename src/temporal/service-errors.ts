// What a Temporal service error means, read from its gRPC code: shared by the client API (which turns it into its
// typed errors) and the coordination activities (which talk to Temporal from inside the worker).
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';

const NOT_FOUND = 5;
const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;

/** Whether an error means the service could not be reached (as opposed to a refusal by the service). */
export function isUnavailable(error: unknown): boolean {
  const grpc = error instanceof ServiceError ? error.cause : error;
  if (isGrpcServiceError(grpc)) return grpc.code === UNAVAILABLE || grpc.code === DEADLINE_EXCEEDED;
  return error instanceof Error && /ECONNREFUSED|Connection refused|failed to connect|transport/i.test(error.message);
}

/** Whether an error means the workflow (or schedule) does not exist. */
export function isNotFound(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  const grpc = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(grpc) && grpc.code === NOT_FOUND;
}
