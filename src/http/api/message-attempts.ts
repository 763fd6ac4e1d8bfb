// Delivery attempts and per-destination state (Svix: messageAttempt.listByMsg/listByEndpoint/
// listAttemptedMessages/listAttemptedDestinations/get/expungeContent/resend). The engine writes
// attempts; these routes only read them, and resend re-queues one (message, endpoint) pair.
import { Elysia } from "elysia";
import type { AppContext } from "../../app-context";
import { notFound, ApiError } from "../errors";
import { route, reply, pageQuery, boolQuery, dateQuery, intQuery, listQuery, findApp, findEndpoint, findMessage, type Call } from "./common";
import { attemptOut, endpointMessageOutJson, messageEndpointOut, listOut, listOutJson } from "./serialize";
import { DELIVERY_JOB } from "./services";

const STATUSES = [0, 1, 2, 3, 4];
const CODE_CLASSES = [0, 100, 200, 300, 400, 500];

function attemptFilters(c: Call) {
  return {
    status: intQuery(c.query, "status", STATUSES),
    statusCodeClass: intQuery(c.query, "status_code_class", CODE_CLASSES),
    channel: c.query.get("channel") || undefined,
    tag: c.query.get("tag") || undefined,
    eventTypes: listQuery(c.query, "event_types"),
    before: dateQuery(c.query, "before"),
    after: dateQuery(c.query, "after"),
    withContent: boolQuery(c.query, "with_content", true),
  };
}

export function messageAttemptRoutes(ctx: AppContext) {
  return new Elysia()
    .get("/app/:app_id/attempt/msg/:msg_id", route(ctx, (c) => {
      const app = findApp(c);
      const msg = findMessage(c, app.id);
      const epParam = c.query.get("endpoint_id");
      const ep = epParam ? c.svc.endpoints.get(app.id, epParam) : null;
      if (epParam && !ep) throw notFound("Endpoint");
      const page = c.svc.attempts.attempts({ ...attemptFilters(c), messageId: msg.id, endpointId: ep?.id }, pageQuery(c.query, "descending"));
      return reply(200, listOut(page, attemptOut));
    }))
    .get("/app/:app_id/attempt/endpoint/:endpoint_id", route(ctx, (c) => {
      const ep = findEndpoint(c, findApp(c).id);
      const f = { ...attemptFilters(c), endpointId: ep.id, withMsg: boolQuery(c.query, "with_msg", false) };
      return reply(200, listOut(c.svc.attempts.attempts(f, pageQuery(c.query, "descending")), attemptOut));
    }))
    .get("/app/:app_id/endpoint/:endpoint_id/msg", route(ctx, (c) => {
      const ep = findEndpoint(c, findApp(c).id);
      const f = attemptFilters(c);
      const page = c.svc.attempts.endpointMessages(ep.id, f, pageQuery(c.query, "descending"));
      return { status: 200, text: listOutJson(page, (m) => endpointMessageOutJson(m, f.withContent)) };
    }))
    .get("/app/:app_id/msg/:msg_id/endpoint", route(ctx, (c) => {
      const app = findApp(c);
      const msg = findMessage(c, app.id);
      const page = c.svc.attempts.messageEndpoints(msg.id, pageQuery(c.query, "ascending"));
      return reply(200, listOut(page, (d) => messageEndpointOut(c.svc.endpoints.get(app.id, d.endpointId)!, d)));
    }))
    .get("/app/:app_id/msg/:msg_id/attempt/:attempt_id", route(ctx, (c) => {
      const msg = findMessage(c, findApp(c).id);
      const a = c.svc.attempts.get(msg.id, c.params.attempt_id);
      if (!a) throw notFound("Message attempt");
      return reply(200, attemptOut(a));
    }))
    .delete("/app/:app_id/msg/:msg_id/attempt/:attempt_id/content", route(ctx, (c) => {
      const msg = findMessage(c, findApp(c).id);
      const a = c.svc.attempts.get(msg.id, c.params.attempt_id);
      if (!a) throw notFound("Message attempt");
      c.svc.attempts.expungeContent(a.id);
      return reply(204);
    }))
    .post("/app/:app_id/msg/:msg_id/endpoint/:endpoint_id/resend", route(ctx, (c) => {
      const app = findApp(c);
      const msg = findMessage(c, app.id);
      const ep = findEndpoint(c, app.id);
      if (msg.payload === null) throw new ApiError(409, "conflict", "The message content was expunged; it cannot be sent again");
      c.svc.redelivery.resend(msg.id, ep.id, c.now);
      ctx.scheduler.wake(DELIVERY_JOB);
      return reply(202, {});
    }), { parse: "none" as const });
}
