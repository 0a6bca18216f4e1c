// What each simulated service (Prepaid Utility, Airtime, later Billpay) gives the shared HTTP plumbing:
// its base path, its routes and its operations. Everything else (auth, TLS, log, faults, control
// API) is the plumbing's.
import type { Answer, ParsedBody } from './answer';
import type { FaultKind, MalformedShapes, SimOperationId } from './faults';

export type SimServiceName = 'prepaidUtility' | 'airtime';

export interface RouteMatch<Op extends SimOperationId = SimOperationId> {
  operation: Op;
  /** Decoded path parameters, in path order. */
  ids: string[];
}

export interface ServiceRequest<Op extends SimOperationId = SimOperationId> extends RouteMatch<Op> {
  method: string;
  url: URL;
  body: ParsedBody;
  /** The HTTP Basic user name the request carried, if any. */
  username?: string;
  /** True when the simulator was given credentials and has already checked them. */
  credentialsChecked: boolean;
}

export interface SimService<Op extends SimOperationId = SimOperationId> {
  readonly name: SimServiceName;
  /** e.g. `/prepaidutility/v3`; requests under `${basePath}/` are this service's. */
  readonly basePath: string;
  /** The operation a method and path (relative to basePath) name; 'method-not-allowed' when only the method is wrong. */
  route(method: string, relativePath: string): RouteMatch<Op> | 'method-not-allowed' | undefined;
  /** The ErrorDetail requestType of an operation, for answers the plumbing builds (413, status faults). */
  requestType(operation: Op): string;
  /** The id an ErrorDetail built by the plumbing (413, status faults) carries. */
  errorId(request: RouteMatch<Op>, body: ParsedBody): string;
  handle(request: ServiceRequest<Op>): Promise<Answer> | Answer;
  malformedShapes(operation: Op): MalformedShapes;
  reset(): void;
  /** Read-only views served at GET /_sim/<key> when the control API is on. */
  readonly views: Readonly<Record<string, () => unknown>>;
}

export interface SimRequestLogEntry {
  at: string;
  /** The service whose base path the request was under; absent when it was under none. */
  service?: SimServiceName;
  operation: SimOperationId | 'unknown';
  method: string;
  path: string;
  /** The status answered; 0 when the connection was dropped without an answer. */
  status: number;
  body: unknown;
  fault?: FaultKind;
}
