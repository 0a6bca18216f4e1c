// A throwaway self-signed certificate for the simulator's HTTPS mode. The certificate is its own CA;
// the client is given its PEM as the only trust anchor.
import { generate } from 'selfsigned';

export interface SimulatorCertificate {
  keyPem: string;
  certPem: string;
}

export async function generateSimulatorCertificate(host: string): Promise<SimulatorCertificate> {
  const isIp = /^[0-9.]+$/.test(host) || host.includes(':');
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'Prepaid POS simulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 7 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          ...(isIp && host !== '127.0.0.1' ? [{ type: 7 as const, ip: host }] : []),
          ...(!isIp && host !== 'localhost' ? [{ type: 2 as const, value: host }] : []),
        ],
      },
    ],
  });
  return { keyPem: pems.private, certPem: pems.cert };
}
