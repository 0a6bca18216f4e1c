// The Electron shell's rules, with Electron replaced by fakes at the edge (electron/shell/testing.ts).
import { describe, expect, it } from 'vitest';
import { watchRenderer } from './crash-recovery';
import { KioskGate, noSupervisorsYet } from './kiosk';
import { blockedShortcut, loginItemSettings, mayOpenExternally, shellPolicy, windowOptions, type KeyInput } from './policy';
import { claimSingleInstance } from './single-instance';
import { FakeApp, FakeContents, FakeWindow, ManualTimers } from './testing';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, control: false, meta: false, shift: false, alt: false, ...mods });

describe('single-instance lock', () => {
  it('a second launch quits at once and the first copy brings its cashier window to the front', () => {
    const first = new FakeApp(true);
    const win = new FakeWindow();
    win.minimized = true;
    expect(claimSingleInstance(first, () => win)).toBe(true);
    expect(first.quits).toBe(0);

    const second = new FakeApp(false);
    expect(claimSingleInstance(second, () => undefined)).toBe(false);
    expect(second.quits).toBe(1);

    // Electron tells the first copy that a second one was launched.
    first.emit('second-instance');
    expect(win.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('a knock while the window is being rebuilt is ignored, not a crash', () => {
    const app = new FakeApp(true);
    const win = new FakeWindow();
    win.destroyed = true;
    claimSingleInstance(app, () => win);
    expect(() => app.emit('second-instance')).not.toThrow();
    expect(win.calls).toEqual([]);
  });
});

describe('menu, devtools and reload policy', () => {
  it('an installed build has no menu and no devtools, even when asked with --dev', () => {
    const policy = shellPolicy({ argv: ['pos', '--dev'], isPackaged: true, settings: { kiosk: false } });
    expect(policy.development).toBe(false);
    expect(policy.notice).toMatch(/--dev is ignored/);
    expect(windowOptions(policy).webPreferences.devTools).toBe(false);
    expect(shellPolicy({ argv: ['pos'], isPackaged: false, settings: { kiosk: false } }).development).toBe(false);
  });

  it('--dev on a development build gives devtools, but still no reload', () => {
    const dev = shellPolicy({ argv: ['electron', 'main.cjs', '--dev'], isPackaged: false, settings: { kiosk: false } });
    expect(dev.development).toBe(true);
    expect(windowOptions(dev).webPreferences.devTools).toBe(true);
    expect(blockedShortcut(key('F12'), dev, 'linux')).toBeUndefined();
    expect(blockedShortcut(key('r', { control: true }), dev, 'linux')).toBe('reload');
  });

  it('swallows every reload shortcut on each platform', () => {
    const policy = shellPolicy({ argv: [], isPackaged: true, settings: { kiosk: false } });
    expect(blockedShortcut(key('F5'), policy, 'linux')).toBe('reload');
    expect(blockedShortcut(key('F5', { control: true }), policy, 'win32')).toBe('reload');
    expect(blockedShortcut(key('R', { control: true, shift: true }), policy, 'linux')).toBe('reload');
    expect(blockedShortcut(key('r', { meta: true }), policy, 'darwin')).toBe('reload');
    expect(blockedShortcut(key('BrowserRefresh'), policy, 'linux')).toBe('reload');
    // Typing an r is not a reload.
    expect(blockedShortcut(key('r'), policy, 'linux')).toBeUndefined();
    expect(blockedShortcut({ ...key('F5'), type: 'keyUp' }, policy, 'linux')).toBeUndefined();
  });

  it('swallows devtools shortcuts outside development', () => {
    const policy = shellPolicy({ argv: [], isPackaged: true, settings: { kiosk: false } });
    expect(blockedShortcut(key('F12'), policy, 'linux')).toBe('devtools');
    expect(blockedShortcut(key('I', { control: true, shift: true }), policy, 'win32')).toBe('devtools');
    expect(blockedShortcut(key('i', { meta: true, alt: true }), policy, 'darwin')).toBe('devtools');
    expect(blockedShortcut(key('c', { control: true }), policy, 'linux'), 'copy still works').toBeUndefined();
  });
});

describe('kiosk mode', () => {
  const kiosk = shellPolicy({ argv: [], isPackaged: true, settings: { kiosk: true } });

  it('is full screen without window chrome, and the keys that leave a window are swallowed', () => {
    expect(windowOptions(kiosk)).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect(shellPolicy({ argv: ['pos', '--kiosk'], isPackaged: true, settings: { kiosk: false } }).kiosk).toBe(true);
    expect(blockedShortcut(key('F4', { alt: true }), kiosk, 'win32')).toBe('kiosk');
    expect(blockedShortcut(key('w', { control: true }), kiosk, 'linux')).toBe('kiosk');
    expect(blockedShortcut(key('q', { meta: true }), kiosk, 'darwin')).toBe('kiosk');
    expect(blockedShortcut(key('F11'), kiosk, 'linux')).toBe('kiosk');
    const plain = shellPolicy({ argv: [], isPackaged: true, settings: { kiosk: false } });
    expect(blockedShortcut(key('w', { control: true }), plain, 'linux')).toBeUndefined();
  });

  it('cannot be left without a supervisor PIN', async () => {
    const checked: string[] = [];
    const gate = new KioskGate({ enabled: true, verifySupervisorPin: async (pin) => (checked.push(pin), pin === '4711') });
    expect(gate.mayClose()).toBe(false);
    expect(await gate.leave('1234')).toEqual({ left: false, message: 'Wrong PIN. Kiosk mode stays on.' });
    expect(gate.mayClose()).toBe(false);
    expect(await gate.leave('4711')).toMatchObject({ left: true });
    expect(gate.mayClose()).toBe(true);
    expect(checked).toEqual(['1234', '4711']);
  });

  it('stops listening for a while after five wrong PINs, and never logs a PIN', async () => {
    const timers = new ManualTimers();
    const lines: string[] = [];
    const gate = new KioskGate({
      enabled: true,
      verifySupervisorPin: async (pin) => pin === '4711',
      now: () => timers.now,
      log: (message, fields) => lines.push(`${message} ${JSON.stringify(fields ?? {})}`),
    });
    for (let i = 0; i < 4; i += 1) expect((await gate.leave('0000')).left).toBe(false);
    expect((await gate.leave('0000')).message).toMatch(/Too many wrong PINs/);
    // The right PIN is not even checked during the lockout.
    expect(await gate.leave('4711')).toMatchObject({ left: false, message: expect.stringMatching(/try again in 5 minutes/i) });
    timers.advance(5 * 60_000);
    expect((await gate.leave('4711')).left).toBe(true);
    expect(lines.join('\n')).not.toMatch(/0000|4711/);
  });

  it('a PIN check that fails keeps kiosk mode on; outside kiosk mode the window closes normally', async () => {
    const broken = new KioskGate({ enabled: true, verifySupervisorPin: async () => { throw new Error('people store unreadable'); } });
    expect(await broken.leave('4711')).toEqual({ left: false, message: 'The PIN could not be checked. Kiosk mode stays on.' });
    expect(broken.mayClose()).toBe(false);
    const off = new KioskGate({ enabled: false, verifySupervisorPin: noSupervisorsYet });
    expect(off.mayClose()).toBe(true);
    expect((await off.leave('4711')).left).toBe(false);
  });

  it('until issue 11 brings supervisors, no PIN opens it', async () => {
    const gate = new KioskGate({ enabled: true, verifySupervisorPin: noSupervisorsYet });
    expect((await gate.leave('4711')).left).toBe(false);
    expect(gate.mayClose()).toBe(false);
  });
});

describe('crash recovery', () => {
  const URL = 'app://pos/index.html';

  it('a crashed or killed page is loaded again at once, and repeated crashes wait longer each time', () => {
    const win = new FakeWindow();
    const contents = new FakeContents();
    const timers = new ManualTimers();
    watchRenderer(win, contents, { url: URL, timers, now: () => timers.now });
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    timers.advance(0);
    expect(contents.loaded).toEqual([URL]);
    contents.emit('render-process-gone', {}, { reason: 'oom' });
    timers.advance(999);
    expect(contents.loaded, 'the second crash in a row pauses a second').toHaveLength(1);
    timers.advance(1);
    expect(contents.loaded).toHaveLength(2);
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    timers.advance(1999);
    expect(contents.loaded).toHaveLength(2);
    timers.advance(1);
    expect(contents.loaded).toHaveLength(3);
    // A minute of calm and the next crash reloads at once again.
    timers.advance(60_000);
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    timers.advance(0);
    expect(contents.loaded).toHaveLength(4);
  });

  it('a page that closes normally is not reloaded, nor one whose window is gone', () => {
    const win = new FakeWindow();
    const contents = new FakeContents();
    const timers = new ManualTimers();
    watchRenderer(win, contents, { url: URL, timers, now: () => timers.now });
    contents.emit('render-process-gone', {}, { reason: 'clean-exit' });
    timers.advance(10_000);
    expect(contents.loaded).toEqual([]);
    contents.destroyed = true;
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    timers.advance(10_000);
    expect(contents.loaded).toEqual([]);
  });

  it('a page that hangs past its grace is crashed and reloaded; one that recovers in time is left alone', () => {
    const win = new FakeWindow();
    const contents = new FakeContents();
    const timers = new ManualTimers();
    watchRenderer(win, contents, { url: URL, timers, now: () => timers.now, unresponsiveGraceMs: 15_000 });
    win.emit('unresponsive');
    timers.advance(10_000);
    win.emit('responsive');
    timers.advance(60_000);
    expect(contents.crashes).toBe(0);
    expect(contents.loaded).toEqual([]);

    win.emit('unresponsive');
    win.emit('unresponsive');
    timers.advance(15_000);
    expect(contents.crashes).toBe(1);
    timers.advance(0);
    expect(contents.loaded).toEqual([URL]);
    expect(timers.count).toBe(0);
  });
});

describe('links out and start at login', () => {
  it('only https origins listed in config.json go to the system browser', () => {
    const allow = ['https://support.example.com'];
    expect(mayOpenExternally('https://support.example.com/help?x=1', allow)).toBe(true);
    expect(mayOpenExternally('https://support.example.com.evil.net/', allow)).toBe(false);
    expect(mayOpenExternally('http://support.example.com/', allow)).toBe(false);
    expect(mayOpenExternally('https://user:pw@support.example.com/', allow)).toBe(false);
    expect(mayOpenExternally('https://docs.example/help', [])).toBe(false);
    expect(mayOpenExternally('file:///etc/passwd', ['file://'])).toBe(false);
    expect(mayOpenExternally('not a url', allow)).toBe(false);
  });

  it('starts at login only when asked, with the same data directory', () => {
    expect(loginItemSettings({ startAtLogin: false }, ['pos'])).toEqual({ openAtLogin: false, args: [] });
    expect(loginItemSettings({ startAtLogin: true }, ['pos', '--data-dir', '/srv/pos', '--dev'])).toEqual({ openAtLogin: true, args: ['--data-dir=/srv/pos'] });
  });
});
