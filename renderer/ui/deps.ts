import { createContext, useContext } from 'react';
import type { SaleDeps } from '../sale/flow';

export const DepsContext = createContext<SaleDeps | undefined>(undefined);

export function useDeps(): SaleDeps {
  const deps = useContext(DepsContext);
  if (!deps) throw new Error('useDeps outside DepsContext');
  return deps;
}
