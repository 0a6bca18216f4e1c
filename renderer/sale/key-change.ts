// A key change token request: journaled before it is sent; its tokens are shown and printed, then
// its confirmation advice is queued in the same transaction that records the print.
import { buildKeyChangeConfirmation, buildKeyChangeTokenRequest } from '../../shared/protocol/envelope';
import type { KeyChangeTokenResponse } from '../../shared/protocol/schemas';
import { newAdviceRecord, nowIso, type KeyChangeRecord } from '../db/db';
import type { SaleDeps, Step } from './flow';
import { describeFailure, describeUnknown } from './messages';

const METER_ID = /^[A-Za-z0-9]{1,20}$/;

export interface KeyChangeResult {
  record: KeyChangeRecord;
  response: KeyChangeTokenResponse;
  print: { ok: true } | { ok: false; message: string };
}

export async function requestKeyChange(deps: SaleDeps, meterInput: string): Promise<Step<KeyChangeResult>> {
  const meterId = meterInput.replace(/[\s-]/g, '');
  if (!METER_ID.test(meterId)) return { ok: false, message: 'A meter number is 1 to 20 letters or digits.' };
  const { db, bridge, info } = deps;
  const at = nowIso();
  const request = buildKeyChangeTokenRequest(info.terminal, {
    id: crypto.randomUUID(),
    time: at,
    ...(info.operatorId ? { operatorId: info.operatorId } : {}),
    meterId,
  });
  const record: KeyChangeRecord = { requestId: request.id, createdAt: at, updatedAt: at, meterId, state: 'sending', request };
  await db.keyChanges.add(record);

  const result = await bridge.invoke('upstream:keyChange', { request });
  const outcome = result.ok ? result.data : undefined;
  if (!outcome || outcome.kind !== 'successful') {
    let message: string;
    if (!outcome) message = result.ok ? 'No answer.' : result.error.message;
    else if (outcome.kind === 'failed') message = describeFailure(outcome, 'key change request');
    else message = `${describeUnknown(outcome)} No key change token was issued that we know of; request it again.`;
    await db.keyChanges.put({ ...record, state: outcome?.kind === 'failed' ? 'refused' : 'unknown', message, updatedAt: nowIso() });
    return { ok: false, message };
  }
  const response = outcome.body;
  const printedAt = nowIso();
  const printed = await bridge.invoke('printer:print', { kind: 'keyChange', request, response, printedAt, marks: {} });
  const print = printed.ok ? ({ ok: true } as const) : ({ ok: false, message: printed.error.message } as const);
  const issued: KeyChangeRecord = { ...record, state: 'issued', response, updatedAt: nowIso(), ...(printed.ok ? { printedAt } : {}) };
  await db.transaction('rw', db.keyChanges, db.outbox, async () => {
    await db.keyChanges.put(issued);
    await db.outbox.add(
      newAdviceRecord(request.id, {
        kind: 'keyChangeConfirmation',
        body: buildKeyChangeConfirmation({ id: crypto.randomUUID(), time: nowIso(), request, response }),
      }),
    );
  });
  deps.outbox.notify();
  return { ok: true, value: { record: issued, response, print } };
}
