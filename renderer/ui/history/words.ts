// How history names states and products to a supervisor.
import type { SaleRecord } from '../../db/db';

export const STATE_WORDS: Record<SaleRecord['state'], string> = {
  sending: 'being sent',
  'in-doubt': 'outcome not known yet',
  declined: 'declined',
  approved: 'sold, slip not printed yet',
  printed: 'sold, slip printed',
  'print-failed': 'sold, slip did not print',
  confirming: 'sold, confirming',
  reversing: 'cancelled, reversing',
  confirmed: 'sold and confirmed',
  reversed: 'cancelled',
  'confirm-failed': 'sold — confirmation refused',
  'reverse-failed': 'cancelled — reversal refused',
  review: 'needs a supervisor',
};

export const SERVICE_WORDS: Record<SaleRecord['service'], string> = { electricity: 'Electricity', airtime: 'Airtime & data' };

export const localTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { year: 'numeric', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
