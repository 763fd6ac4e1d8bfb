// /api/v1/background-task — status of recover and replay jobs (Svix: backgroundTask.list/get).
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import type { TaskStatus } from "../../store/background-tasks";
import { notFound, ValidationError } from "../errors";
import { route, reply, pageQuery } from "./common";
import { taskOut, listOut } from "./serialize";

const STATUSES = ["running", "finished", "failed"];

export function backgroundTaskRoutes(ctx: AppContext) {
  return new Elysia()
    .get("/background-task", route(ctx, (c) => {
      const status = c.query.get("status") || undefined;
      if (status && !STATUSES.includes(status)) throw new ValidationError("status", `must be one of ${STATUSES.join(", ")}`, "query");
      const page = c.svc.tasks.list({ status: status as TaskStatus | undefined, task: c.query.get("task") || undefined }, pageQuery(c.query, "descending"));
      return reply(200, listOut(page, taskOut));
    }))
    .get("/background-task/:task_id", route(ctx, (c) => {
      const t = c.svc.tasks.get(c.params.task_id);
      if (!t) throw notFound("Background task");
      return reply(200, taskOut(t));
    }));
}
