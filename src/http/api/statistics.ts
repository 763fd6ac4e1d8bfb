// /api/v1/stats/usage/… (Svix: statistics.aggregateAppStats and aggregateEventTypes): usage figures
// per application, computed as background tasks whose `data` holds the answer (store/usage-stats.ts).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { UsageStats } from "../../store/usage-stats";
import { ValidationError } from "../errors";
import { route, reply } from "./common";
import { bodyObject, date, strList } from "./validate";
import { taskStarted } from "./serialize";

const NONE = { parse: "none" as const };

export function statisticsRoutes(ctx: AppContext) {
  const usage = new UsageStats(ctx.store);
  const now = () => ctx.clock.now();
  return new Elysia()
    .post("/stats/usage/app", route(ctx, (c) => {
      const o = bodyObject(c.body);
      const since = date(o, "since", { required: true })!;
      const until = date(o, "until", { required: true })!;
      if (until <= since) throw new ValidationError("until", "must be after since");
      const { apps, unresolved } = usage.resolve(strList(o, "appIds", { max: 256, maxItems: 1_000 }) ?? null);
      const data = { since: new Date(since).toISOString(), until: new Date(until).toISOString() };
      const task = c.svc.tasks.start("application.stats", data, now, async (step) => {
        const appStats = [];
        for (const app of apps) appStats.push(await usage.destinations(app, since, until, step));
        return { appStats };
      });
      return reply(202, { ...taskStarted(task), unresolvedAppIds: unresolved });
    }), NONE)
    .put("/stats/usage/event-types", route(ctx, (c) => {
      const task = c.svc.tasks.start("event-type.aggregate", {}, now, async (step) => {
        const event_types = [];
        for (const app of usage.resolve(null).apps) {
          event_types.push(usage.eventTypes(app));
          await step();
        }
        return { event_types };
      });
      return reply(202, taskStarted(task));
    }), NONE);
}
