import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirArgument, isAllowedNavigation, resolveAppFile, SECURE_WEB_PREFERENCES, windowOpenDecision } from './window-policy';

describe('Electron window policy', () => {
  it('keeps the renderer sandboxed and isolated, without Node', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });

  it('allows navigation only within app://pos', () => {
    expect(isAllowedNavigation('app://pos/index.html')).toBe(true);
    expect(isAllowedNavigation('https://evil.example/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
    expect(isAllowedNavigation('app://other/index.html')).toBe(false);
    expect(isAllowedNavigation('not a url')).toBe(false);
  });

  it('never opens a window inside the app; only https links to allowed origins go to the system browser', () => {
    const allow = ['https://docs.example'];
    expect(windowOpenDecision('https://docs.example/help', allow)).toEqual({ action: 'deny', openExternally: true });
    expect(windowOpenDecision('https://docs.example/help')).toEqual({ action: 'deny', openExternally: false });
    expect(windowOpenDecision('https://elsewhere.example/help', allow)).toEqual({ action: 'deny', openExternally: false });
    expect(windowOpenDecision('http://docs.example/help', allow)).toEqual({ action: 'deny', openExternally: false });
    expect(windowOpenDecision('javascript:alert(1)', allow)).toEqual({ action: 'deny', openExternally: false });
  });

  it('serves only files under the renderer folder', () => {
    const root = resolve('/opt/pos/renderer');
    const j = (...p: string[]) => resolve(join(...p));
    expect(resolveAppFile('app://pos/', root, j, sep)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://pos/assets/a.js', root, j, sep)).toBe(join(root, 'assets', 'a.js'));
    expect(resolveAppFile('app://pos/..%2f..%2fetc%2fpasswd', root, j, sep)).toBeUndefined();
    expect(resolveAppFile('app://pos/%E0%A4%A', root, j, sep)).toBeUndefined();
    expect(resolveAppFile('app://elsewhere/index.html', root, j, sep)).toBeUndefined();
  });

  it('reads --data-dir in both forms', () => {
    expect(dataDirArgument(['electron', 'main.cjs', '--data-dir=/srv/pos'])).toBe('/srv/pos');
    expect(dataDirArgument(['electron', 'main.cjs', '--data-dir', '/srv/pos'])).toBe('/srv/pos');
    expect(dataDirArgument(['electron', 'main.cjs'])).toBeUndefined();
  });
});
