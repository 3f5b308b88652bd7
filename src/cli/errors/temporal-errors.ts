// Temporal client errors → CliErrors that say what happened and what to do, with the matching exit code.
import {
  isGrpcServiceError,
  NamespaceNotFoundError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { CliError, invalidInput } from './cli-error';
import { EXIT } from './exit-codes';
import { unreachable } from '../temporal-connection';

/** gRPC status codes (the standard numbering), without depending on grpc-js directly. */
const grpcStatus = { INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, PERMISSION_DENIED: 7, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;

const REGISTER_ATTRIBUTES = SEARCH_ATTRIBUTES.map((sa) => `--name ${sa.name} --type ${sa.type}`).join(' ');

/** Maps what the Temporal client throws; anything else is returned unchanged for main.ts to report. */
export function fromTemporalError(error: unknown, target: { address: string; namespace: string }): unknown {
  if (error instanceof CliError) return error;
  if (error instanceof WorkflowNotFoundError) {
    return invalidInput(`No workflow '${error.workflowId}' in namespace '${target.namespace}' at ${target.address}. List runs with: temporal workflow list`);
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return invalidInput(`A workflow with id '${error.workflowId}' already exists and is running. Watch it: einstein-retrain watch ${error.workflowId}`);
  }
  if (error instanceof NamespaceNotFoundError) {
    return new CliError(EXIT.INFRASTRUCTURE, 'NAMESPACE_NOT_FOUND', `${error.message}. Set TEMPORAL_NAMESPACE to an existing namespace.`);
  }
  const grpc = grpcCause(error);
  if (grpc?.code === grpcStatus.UNAVAILABLE || grpc?.code === grpcStatus.DEADLINE_EXCEEDED) return unreachable(target.address, grpc);
  if (grpc?.code === grpcStatus.UNAUTHENTICATED || grpc?.code === grpcStatus.PERMISSION_DENIED) {
    return new CliError(EXIT.INFRASTRUCTURE, 'TEMPORAL_AUTH', `Temporal at ${target.address} refused the CLI: ${grpc.details || grpc.message}. Check TEMPORAL_API_KEY or the TLS client certificate.`);
  }
  if (grpc?.code === grpcStatus.INVALID_ARGUMENT && /search attribute/i.test(grpc.details ?? grpc.message)) {
    return new CliError(
      EXIT.INFRASTRUCTURE,
      'SEARCH_ATTRIBUTES_MISSING',
      `Temporal at ${target.address} does not know the project's search attributes (${grpc.details}). Register them once: ` +
        `temporal operator search-attribute create --namespace ${target.namespace} ${REGISTER_ATTRIBUTES}`,
    );
  }
  return error;
}

function grpcCause(error: unknown): { code: number; details?: string; message: string } | undefined {
  if (isGrpcServiceError(error)) return error;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return error.cause;
  return undefined;
}
