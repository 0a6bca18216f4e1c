// Supervisor → Card reader and scanner: pick each from the USB devices the till sees now. The choice
// is kept by the main side (devices.json); what each device is doing is said in words.
import { useCallback, useEffect, useState } from 'react';
import { DEVICE_ROLES, ROLE_NAMES, type DeviceChoice, type DeviceRole, type DevicesState, type HidDevice } from '../../shared/input/devices';
import { useDeps } from '../ui/deps';

const key = (d: { vendorId: number; productId: number; serialNumber?: string }) => `${d.vendorId}:${d.productId}:${d.serialNumber ?? ''}`;
const hex = (n: number) => n.toString(16).padStart(4, '0');

function label(d: HidDevice): string {
  const name = [d.manufacturer, d.product].filter(Boolean).join(' ') || 'USB device';
  return `${name} (${hex(d.vendorId)}:${hex(d.productId)}${d.serialNumber ? `, serial ${d.serialNumber}` : ''})`;
}

export function DeviceSettings() {
  const { bridge } = useDeps();
  const [state, setState] = useState<DevicesState | undefined>();
  const [error, setError] = useState<string | undefined>();

  const show = useCallback((result: Awaited<ReturnType<typeof bridge.invoke<'devices:list'>>>) => {
    if (result.ok) {
      setState(result.data);
      setError(undefined);
    } else setError(result.error.message);
  }, []);

  useEffect(() => {
    void bridge.invoke('devices:list', {}).then(show);
    // Plugging and unplugging changes the list: ask again when a device's status changes.
    return bridge.onEvent((event) => {
      if (event.type === 'device-status') void bridge.invoke('devices:list', {}).then(show);
    });
  }, [bridge, show]);

  const choose = (role: DeviceRole, value: string) => {
    const device = state?.devices.find((d) => key(d) === value);
    const choice: DeviceChoice | null = device
      ? { vendorId: device.vendorId, productId: device.productId, ...(device.serialNumber ? { serialNumber: device.serialNumber } : {}), ...(device.product ? { product: device.product } : {}) }
      : null;
    void bridge.invoke('devices:select', { role, device: choice }).then(show);
  };

  return (
    <section aria-labelledby="devices-title">
      <h3 id="devices-title">Card reader and scanner</h3>
      {error && <p className="error" role="alert">{error}</p>}
      {state && !state.available && <p className="note">{state.problem}</p>}
      {state?.available && state.problem && <p className="note">{state.problem}</p>}
      {state &&
        DEVICE_ROLES.map((role) => {
          // A device with several interfaces is listed once per interface; it is chosen once.
          const devices = state.devices.filter((d, i, all) => all.findIndex((o) => key(o) === key(d)) === i);
          const status = state.roles[role];
          const chosen = status.device ? key(status.device) : '';
          const listed = devices.some((d) => key(d) === chosen);
          return (
            <p key={role}>
              <label htmlFor={`device-${role}`}>USB {ROLE_NAMES[role]}</label>{' '}
              <select id={`device-${role}`} style={{ fontSize: '1rem', padding: '0.25rem' }} value={chosen} onChange={(e) => choose(role, e.target.value)} disabled={!state.available}>
                <option value="">None</option>
                {chosen && !listed && status.device && <option value={chosen}>{status.device.product ?? 'Chosen device'} (not plugged in)</option>}
                {devices.map((d) => (
                  <option key={key(d)} value={key(d)}>
                    {label(d)}
                  </option>
                ))}
              </select>
              <br />
              <span className={status.state === 'connected' ? 'ok' : status.state === 'not-chosen' ? '' : 'note'} data-testid={`device-status-${role}`}>
                {status.message}
              </span>
            </p>
          );
        })}
    </section>
  );
}
