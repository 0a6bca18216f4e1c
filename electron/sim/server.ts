// The simulator: every service on one port, each under its own base path (Prepaid Utility v3 at
// /prepaidutility/v3, Airtime v5 at /airtime/v5), with the shared HTTP plumbing in ./http (Basic
// auth, TLS, request log, faults, /_sim control API) and each service's operations in its folder.
// Plain node:http / node:https; all state is in memory.
import { API_BASE_PATH } from '../../shared/protocol/schemas';
import { AIRTIME_BASE_PATH } from '../../shared/protocol/airtime/operations';
import { AirtimeService } from './airtime/service';
import { Sleeper } from './http/records';
import { startSimHttp } from './http/server';
import type { SimService } from './http/service';
import { PrepaidUtilityService } from './prepaid-utility/service';

export { FAULT_KINDS, FaultRuleSchema, MALFORMED_VARIANTS, SIM_OPERATION_IDS } from './http/faults';
export type { FaultKind, FaultRule, SimOperationId } from './http/faults';
export type { SimRequestLogEntry, SimServiceName } from './http/service';

export interface SimulatorOptions {
  /** 0 or absent = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  tls?: boolean;
  /** When set, every protocol request must carry these as HTTP Basic credentials (401 otherwise). */
  credentials?: { username: string; password: string };
  /** A resent advice (same id): 'duplicate' = 400 DUPLICATE_RECORD as Electrum's server (default); 'accept' = 202. */
  resendAdvice?: 'duplicate' | 'accept';
  /** TST011's delay before its 504 (and the slow airtime drill's), default 10000 as on Electrum's server. */
  timeoutMeterDelayMs?: number;
  /**
   * Serve the /_sim control API (request log, faults, reset). Default true: the simulator is a test
   * tool. The simulator embedded in the product passes false unless a flag turns it on.
   */
  controlApi?: boolean;
}

export interface RunningSimulator {
  origin: string;
  /** Prepaid Utility v3 base URL (`…/prepaidutility/v3`). */
  baseUrl: string;
  /** Airtime v5 base URL (`…/airtime/v5`), on the same port. */
  airtimeBaseUrl: string;
  caPem?: string;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sleeper = new Sleeper();
  const timeoutMeterDelayMs = opts.timeoutMeterDelayMs ?? 10_000;
  const services: SimService[] = [
    new PrepaidUtilityService({ resendAdvice: opts.resendAdvice ?? 'duplicate', timeoutMeterDelayMs }, sleeper),
    new AirtimeService({ timeoutDelayMs: timeoutMeterDelayMs }, sleeper),
  ];
  const http = await startSimHttp(services, sleeper, {
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    ...(opts.tls ? { tls: true } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    controlApi: opts.controlApi ?? true,
  });
  return {
    origin: http.origin,
    baseUrl: `${http.origin}${API_BASE_PATH}`,
    airtimeBaseUrl: `${http.origin}${AIRTIME_BASE_PATH}`,
    ...(http.caPem ? { caPem: http.caPem } : {}),
    close: () => http.close(),
  };
}
