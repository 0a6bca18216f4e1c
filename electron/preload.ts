// Preload (thin edge, sandboxed): exposes exactly the bridge contract as window.pos.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BridgeEventSchema, isBridgeMethod, type BridgeEvent, type PosBridge } from '../shared/bridge';

const pos = {
  invoke(method, request) {
    if (!isBridgeMethod(method)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `No such bridge method` } });
    }
    return ipcRenderer.invoke('pos:invoke', method, request);
  },
  onEvent(listener: (event: BridgeEvent) => void) {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => {
      const parsed = BridgeEventSchema.safeParse(payload);
      if (parsed.success) listener(parsed.data);
    };
    ipcRenderer.on('pos:event', wrapped);
    return () => {
      ipcRenderer.removeListener('pos:event', wrapped);
    };
  },
} satisfies PosBridge;

contextBridge.exposeInMainWorld('pos', pos);
