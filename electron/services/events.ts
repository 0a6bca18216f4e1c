// Fan-out of main-side events to whichever renderers are attached (IPC windows or HTTP streams).
import type { BridgeEvent } from '../../shared/bridge';

export class EventHub {
  private readonly listeners = new Set<(event: BridgeEvent) => void>();

  subscribe(listener: (event: BridgeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: BridgeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
