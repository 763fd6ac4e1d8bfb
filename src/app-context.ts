// What every part of the running app receives: config, store, clock, logger, secret box, scheduler.
// Built once by app.ts; tests build it with a fake clock and a fresh SQLite file.
import type { Config } from "./config/load";
import type { Store } from "./store/db";
import type { Clock } from "./lib/clock";
import type { Logger } from "./lib/log";
import type { SecretBox } from "./lib/secret-box";
import type { Scheduler } from "./delivery/scheduler";

export interface AppContext {
  config: Config;
  store: Store;
  clock: Clock;
  log: Logger;
  secrets: SecretBox;
  scheduler: Scheduler;
  /** Features register hooks here so the app can stop them in order (stream closers, senders). */
  onStop: (() => void | Promise<void>)[];
  /** Run first on shutdown, before the server waits for in-flight requests: end open streams here. */
  beforeStop: (() => void)[];
  /** Set when shutdown begins: new long-lived streams are refused so they cannot hold the drain. */
  stopping: boolean;
  /** Free-form services later modules attach (delivery engine, event bus, sender). */
  services: Record<string, unknown>;
}
