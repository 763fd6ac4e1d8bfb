/**
 * An in-memory resolver: known test names map to fixed answers, everything else fails
 * like NXDOMAIN. Tests never touch real DNS.
 */
import type { Resolver } from "../../../../src/delivery/net/index.ts";

type Answer = string[] | Error | ((call: number) => string[]);

export interface FakeResolver {
  resolve: Resolver;
  calls: string[];
}

export function fakeResolver(table: Record<string, Answer>): FakeResolver {
  const calls: string[] = [];
  const counts = new Map<string, number>();
  const resolve: Resolver = async (host) => {
    calls.push(host);
    const n = (counts.get(host) ?? 0) + 1;
    counts.set(host, n);
    const answer = table[host];
    if (answer === undefined) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    }
    if (answer instanceof Error) throw answer;
    return typeof answer === "function" ? answer(n) : answer;
  };
  return { resolve, calls };
}
