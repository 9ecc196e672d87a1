import net from 'node:net';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Ports for the servers a test starts. Not from the OS's port 0: that hands out ports of the
 * ephemeral range, which every outgoing connection on the machine draws from too, so between our
 * check and the server's listen() a client socket of another test could take it (seen: "port in
 * use" under a 1,000-connection burst). Listeners here get ports below that range, checked free and
 * held together so they are distinct.
 */
function ephemeralRangeStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

const LOWEST = 10_000;

function hold(port: number): Promise<net.Server | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

export async function freePorts(count: number): Promise<number[]> {
  const highest = Math.max(LOWEST + 1000, ephemeralRangeStart() - 1);
  const held: net.Server[] = [];
  for (let attempts = 0; held.length < count && attempts < count * 50; attempts++) {
    const server = await hold(randomInt(LOWEST, highest));
    if (server) held.push(server);
  }
  if (held.length < count) throw new Error(`could not find ${count} free ports between ${LOWEST} and ${highest}`);
  const ports = held.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
