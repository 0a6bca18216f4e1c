// The products this counter sells, side by side on the main screen, as config.json names them. Only
// offered between sales: a sale in progress keeps its screen whatever is chosen here.
import type { AppInfo } from '../../../shared/bridge';
import type { ServiceName } from '../../db/db';
import './airtime.css';

/** The services the till offers, with the cashier's names for them; one service needs no switch. */
export function offeredServices(info: AppInfo): Array<{ service: ServiceName; label: string }> {
  const services = info.services;
  if (!services?.airtime.enabled) return [];
  return [
    ...(services.prepaidUtility.enabled ? [{ service: 'electricity' as const, label: 'Electricity' }] : []),
    { service: 'airtime' as const, label: 'Airtime & data' },
  ];
}

export function ProductSwitch({ offered, value, onChange }: { offered: Array<{ service: ServiceName; label: string }>; value: ServiceName; onChange: (service: ServiceName) => void }) {
  if (offered.length < 2) return null;
  return (
    <div className="product-switch" role="group" aria-label="Product">
      {offered.map(({ service, label }) => (
        <button key={service} type="button" aria-pressed={value === service} onClick={() => onChange(service)}>
          {label}
        </button>
      ))}
    </div>
  );
}
