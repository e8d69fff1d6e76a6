import { isIPv4, isIPv6 } from "node:net";

/**
 * The client address as limits count it (decision 0013). An IPv6 host commonly gets a whole /64 and can rotate
 * through it at will, so an IPv6 address counts by its /64 prefix; an IPv4 address counts as it is, and so does an
 * IPv4-mapped IPv6 address ("::ffff:192.0.2.1", as a dual-stack server sees IPv4 clients). Anything else (no address
 * known) is kept as it is.
 */
export function clientKey(ip: string): string {
  const address = ip.trim().replace(/%.*$/, ""); // an IPv6 zone ("fe80::1%eth0") names the interface, not the host
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return ip;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (checked by the caller), with "::" and a dotted IPv4 tail expanded. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number);
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split("::");
  const parse = (part: string | undefined) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(rest);
  const zeros = rest === undefined ? [] : Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}
