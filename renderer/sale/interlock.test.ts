import { describe, expect, it } from 'vitest';
import { PRINTER_STATES } from '../../shared/bridge';
import { NEAR_END_WARNING, printerCheck } from './interlock';

describe('token safety interlock: the printer checked before a token is bought', () => {
  it('stops the cashier, in plain words, when the printer is known to be unable to print', () => {
    expect(printerCheck({ state: 'paper-out', detail: 'roll paper end sensor' })).toEqual({
      kind: 'blocked',
      state: 'paper-out',
      reason: 'The printer is out of paper.',
      message: expect.stringMatching(/^The printer is out of paper\. .*no money has moved/),
    });
    expect(printerCheck({ state: 'cover-open' })).toMatchObject({ kind: 'blocked', message: expect.stringContaining('cover is open') });
    expect(printerCheck({ state: 'offline' })).toMatchObject({ kind: 'blocked', message: expect.stringContaining('cannot be reached') });
  });

  it('lets the sale go ahead with a warning when the paper roll is nearly finished', () => {
    expect(printerCheck({ state: 'paper-near-end' })).toEqual({ kind: 'clear', warning: NEAR_END_WARNING });
  });

  it('never blocks a sale because the status is unknown or could not be read', () => {
    expect(printerCheck({ state: 'unknown', detail: 'a file link cannot report status' })).toEqual({ kind: 'clear' });
    expect(printerCheck(undefined)).toEqual({ kind: 'clear' });
    expect(printerCheck({ state: 'ready' })).toEqual({ kind: 'clear' });
  });

  it('decides every printer state, blocking exactly the three that cannot print', () => {
    const blocked = PRINTER_STATES.filter((state) => printerCheck({ state }).kind === 'blocked');
    expect(blocked).toEqual(['paper-out', 'cover-open', 'offline']);
  });
});
