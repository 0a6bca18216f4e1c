import { CHROMIUM_MISSING, findChromium } from '../electron/host/chromium';

if (!findChromium()) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}
