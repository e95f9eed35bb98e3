// The URLs learners can reach the classroom at: CLASSROOM_URL when set, else this machine's LAN addresses.

import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/**
 * URLs to print in the join command, best first. A classroom bound to loopback is reachable from this
 * machine only, so it gets `http://127.0.0.1:<port>` (fine for a try-out or a learner on the same laptop).
 * @example joinUrls({ host: '0.0.0.0', port: 8088 }) // ['http://192.168.1.23:8088']
 */
export function joinUrls(
  options: { host: string; port: number; publicUrl?: string | undefined },
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string[] {
  if (options.publicUrl) return [options.publicUrl];
  const local = `http://127.0.0.1:${options.port}`;
  if (options.host !== '0.0.0.0' && options.host !== '::') {
    return [/^(127\.|localhost$|::1$)/.test(options.host) ? local : `http://${bracket(options.host)}:${options.port}`];
  }
  const lan = Object.values(interfaces)
    .flat()
    .filter((i): i is NetworkInterfaceInfo => Boolean(i) && !i!.internal && i!.family === 'IPv4')
    // Docker and VM bridges are rarely what a room's Wi-Fi reaches; list them last.
    .sort((a, b) => Number(isBridge(a.address)) - Number(isBridge(b.address)))
    .map((i) => `http://${i.address}:${options.port}`);
  return lan.length > 0 ? lan : [local];
}

function isBridge(address: string): boolean {
  return /^172\.(1[7-9]|2\d|3[01])\./.test(address);
}

function bracket(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
