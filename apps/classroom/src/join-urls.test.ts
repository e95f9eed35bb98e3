// Unit tests of the join URLs printed for learners.

import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { joinUrls } from './join-urls';

const nic = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, internal, family: 'IPv4', netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }) as NetworkInterfaceInfo;

describe('joinUrls', () => {
  it('lists the LAN addresses, Docker bridges last, never loopback', () => {
    const interfaces = { lo: [nic('127.0.0.1', true)], docker0: [nic('172.17.0.1')], wlan0: [nic('192.168.1.23')] };
    expect(joinUrls({ host: '0.0.0.0', port: 8088 }, interfaces)).toEqual(['http://192.168.1.23:8088', 'http://172.17.0.1:8088']);
  });

  it('falls back to this machine when it has no network', () => {
    expect(joinUrls({ host: '0.0.0.0', port: 8088 }, { lo: [nic('127.0.0.1', true)] })).toEqual(['http://127.0.0.1:8088']);
  });

  it('uses CLASSROOM_URL when set, and the bound address otherwise', () => {
    expect(joinUrls({ host: '0.0.0.0', port: 8088, publicUrl: 'https://class.example.org' })).toEqual(['https://class.example.org']);
    expect(joinUrls({ host: '127.0.0.1', port: 8088 })).toEqual(['http://127.0.0.1:8088']);
    expect(joinUrls({ host: '10.0.0.5', port: 9000 })).toEqual(['http://10.0.0.5:9000']);
  });
});
