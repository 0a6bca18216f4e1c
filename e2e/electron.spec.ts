// The Electron host, where the Electron binary is installed (it cannot be downloaded on the build
// machines, so there these tests are skipped and say so). Same renderer, same services, over IPC.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { installedElectron } from './support/electron-binary';
import { tempDir } from './support/host';

const binary = installedElectron();
const NOT_INSTALLED = 'the Electron binary is not installed here (run `node node_modules/electron/install.js` where GitHub is reachable)';
// Said in the run's output, not only in the report: these tests did not run.
if (!binary) console.log(`e2e/electron.spec.ts: skipped, ${NOT_INSTALLED}`);
test.skip(!binary, NOT_INSTALLED);

let app: ElectronApplication;
let page: Page;

const CASHIER = 'app://pos/index.html';

/** The cashier window (the hidden outbox window opens first). */
async function cashierWindow(current: ElectronApplication): Promise<Page> {
  await expect.poll(() => current.windows().map((w) => w.url()), { timeout: 30_000 }).toContain(CASHIER);
  const found = current.windows().find((w) => w.url() === CASHIER);
  if (!found) throw new Error('no cashier window');
  return found;
}

test.beforeEach(async () => {
  const dataDir = await tempDir('electron');
  app = await electron.launch({ executablePath: binary, args: ['dist/electron/main.cjs', `--data-dir=${dataDir}`] });
  page = await cashierWindow(app);
});
test.afterEach(async () => app.close());

test('the window is sandboxed: no Node in the page, only window.pos', async () => {
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  expect(await page.evaluate(() => Object.keys(window.pos ?? {}).sort())).toEqual(['invoke', 'onEvent']);
  const urls = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => ({ url: w.webContents.getURL(), visible: w.isVisible() })));
  expect(urls).toContainEqual({ url: 'app://pos/index.html', visible: true });
});

test('the bridge refuses unknown methods and invalid input as data', async () => {
  const unknown = await page.evaluate(() => window.pos?.invoke('upstream:nothing' as never, {} as never));
  expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  const invalid = await page.evaluate(() => window.pos?.invoke('upstream:meterLookup', { request: { nope: 1 } } as never));
  expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
});

test('navigation away and window.open are refused', async () => {
  expect(await page.evaluate(() => window.open('https://example.com/'))).toBeNull();
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500);
  expect(page.url()).toBe('app://pos/index.html');
  // The cashier window and the hidden outbox window; nothing else opened.
  expect(app.windows().map((w) => w.url()).sort()).toEqual(['app://pos/index.html', 'app://pos/outbox.html']);
});

test('a hidden window runs the outbox sender; no application menu; devtools and reload keys do nothing', async () => {
  const shell = await app.evaluate(({ BrowserWindow, Menu }) => ({
    menu: Menu.getApplicationMenu() === null,
    outbox: BrowserWindow.getAllWindows().filter((w) => w.webContents.getURL() === 'app://pos/outbox.html').map((w) => w.isVisible()),
  }));
  expect(shell).toEqual({ menu: true, outbox: [false] });
  await page.evaluate(() => ((window as { reloadProbe?: string }).reloadProbe = 'same page'));
  await page.keyboard.press('Control+R');
  await page.keyboard.press('F5');
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as { reloadProbe?: string }).reloadProbe)).toBe('same page');
  await page.keyboard.press('F12');
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().some((w) => w.webContents.isDevToolsOpened()))).toBe(false);
});

test('a cashier sells TST001 in training mode in the Electron window', async () => {
  await expect(page.getByText('TRAINING MODE')).toBeVisible();
  await page.getByRole('textbox', { name: 'Meter number' }).fill('TST001');
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByRole('button', { name: 'Confirm customer' }).click();
  await page.getByRole('textbox', { name: 'Amount' }).fill('100');
  await page.getByRole('textbox', { name: 'Cash tendered' }).fill('100');
  await page.getByRole('button', { name: 'Purchase' }).click();
  await expect(page.getByTestId('token').first()).toHaveText(/^\d{4} \d{4} \d{4} \d{4} \d{4}$/);
  await page.getByRole('button', { name: 'New sale' }).click();
  await expect(page.getByTestId('outbox-pending')).toHaveText('Advices pending: 0');
});
