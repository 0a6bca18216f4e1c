// Fault rules for drills and tests: a rule names one operation (of any service: the ids are distinct)
// or '*', and answers with a status, a delay, a dropped connection or a malformed 2xx body.
import { z } from 'zod';
import { OPERATION_IDS, type OperationId } from '../../../shared/protocol/operations';
import { ErrorTypeSchema } from '../../../shared/protocol/schemas';
import { AIRTIME_OPERATION_IDS, type AirtimeOperationId } from '../../../shared/protocol/airtime/operations';
import { AirtimeErrorTypeSchema } from '../../../shared/protocol/airtime/schemas';
import { AIRTIME_VOUCHER_OPERATION_IDS, type AirtimeVoucherOperationId } from '../airtime/voucher-operations';
import type { Answer } from './answer';

/** Every operation the simulator serves, across services. */
export type SimOperationId = OperationId | AirtimeOperationId | AirtimeVoucherOperationId;
export const SIM_OPERATION_IDS = [...OPERATION_IDS, ...AIRTIME_OPERATION_IDS, ...AIRTIME_VOUCHER_OPERATION_IDS] as const;

const PREPAID_UTILITY_OPERATIONS: ReadonlySet<string> = new Set(OPERATION_IDS);

export const FAULT_KINDS = ['status', 'delay', 'drop', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const MALFORMED_VARIANTS = ['not-json', 'html', 'wrong-types', 'no-tokens', 'empty', 'huge'] as const;
export type MalformedVariant = (typeof MALFORMED_VARIANTS)[number];

export const FaultRuleSchema = z
  .object({
    operation: z.union([z.enum(SIM_OPERATION_IDS), z.literal('*')]),
    fault: z.enum(FAULT_KINDS),
    status: z.number().int().min(100).max(599).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    times: z.number().int().positive().optional(),
    /** Which invalid body "malformed" sends; default 'not-json'. */
    variant: z.enum(MALFORMED_VARIANTS).optional(),
    /**
     * The ErrorDetail errorType a "status" fault answers with (default GENERAL_ERROR, or
     * UPSTREAM_UNAVAILABLE for 503), from the named operation's own service.
     */
    errorType: z.union([ErrorTypeSchema, AirtimeErrorTypeSchema]).optional(),
  })
  .refine((f) => f.fault !== 'status' || f.status !== undefined, { message: 'a status fault needs "status"', path: ['status'] })
  .refine((f) => f.fault !== 'delay' || f.delayMs !== undefined, { message: 'a delay fault needs "delayMs"', path: ['delayMs'] })
  .refine(
    (f) =>
      f.errorType === undefined ||
      f.operation === '*' ||
      (PREPAID_UTILITY_OPERATIONS.has(f.operation)
        ? ErrorTypeSchema.safeParse(f.errorType).success
        : AirtimeErrorTypeSchema.safeParse(f.errorType).success),
    { message: "the errorType is not one of this operation's service", path: ['errorType'] },
  );
export type FaultRule = z.infer<typeof FaultRuleSchema>;

export class FaultBook {
  rules: Array<FaultRule & { remaining: number | null }> = [];

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, remaining: rule.times ?? null });
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule for this operation, used up by one when it has a count. */
  take(operation: SimOperationId): FaultRule | undefined {
    const index = this.rules.findIndex((f) => f.operation === operation || f.operation === '*');
    const rule = this.rules[index];
    if (!rule) return undefined;
    if (rule.remaining !== null) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.rules.splice(index, 1);
    }
    return rule;
  }
}

/** How one service spoils its own successful answers. */
export interface MalformedShapes {
  /** The 2xx the operation answers when it succeeds. */
  successStatus: number;
  /** The real body with its fields given the wrong JSON types. */
  wrongTypes(real: Record<string, unknown>): Record<string, unknown>;
  /** The real body without what the till hands over (tokens, voucher…). */
  withoutPayload(real: Record<string, unknown>): Record<string, unknown>;
}

/** A 2xx answer whose body is not a valid message for the operation. */
export function malformedAnswer(answer: Answer, variant: MalformedVariant, shapes: MalformedShapes): Answer {
  const status = answer.status >= 200 && answer.status < 300 ? answer.status : shapes.successStatus;
  const real = answer.body !== null && typeof answer.body === 'object' ? (answer.body as Record<string, unknown>) : {};
  switch (variant) {
    case 'not-json':
      return { status, raw: { text: '{"id": "truncated", "tokens": [{"token": "1234', contentType: 'application/json' } };
    case 'html':
      return { status, raw: { text: '<html><body><h1>Welcome to the captive portal</h1></body></html>', contentType: 'text/html; charset=utf-8' } };
    case 'wrong-types':
      return { status, body: shapes.wrongTypes(real) };
    case 'no-tokens': {
      const rest = shapes.withoutPayload(real);
      return { status, body: Object.keys(rest).length > 0 ? rest : { unexpected: true } };
    }
    case 'empty':
      return { status, raw: { text: '', contentType: 'application/json' } };
    case 'huge':
      return { status, raw: { text: `{"padding":"${'x'.repeat(10 * 1024 * 1024)}"}`, contentType: 'application/json' } };
  }
}
