// Records a USB HID device's input reports in the fixtures' format, to add real captures to the tests:
//   npx tsx electron/hid/record.ts                 lists the devices
//   npx tsx electron/hid/record.ts <path> > x.hex  records until Ctrl-C (swipe or scan meanwhile)
import { loadNodeHidBackend } from './node-hid-backend';

const backend = await loadNodeHidBackend();
const path = process.argv[2];
if (!path) {
  for (const d of await backend.list()) {
    console.log(`${d.path}\t${d.vendorId.toString(16).padStart(4, '0')}:${d.productId.toString(16).padStart(4, '0')}\t${d.product ?? ''}\tusage ${d.usagePage ?? '?'}/${d.usage ?? '?'}`);
  }
} else {
  let last = Date.now();
  const connection = await backend.open(path, {
    onReport(report) {
      const now = Date.now();
      console.log(`${now - last} ${[...report].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`);
      last = now;
    },
    onError(error) {
      console.error(`# device stopped: ${error.message}`);
      process.exit(1);
    },
  });
  process.on('SIGINT', () => void connection.close().then(() => process.exit(0)));
}
