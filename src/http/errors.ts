// The API's error shape is Svix's: `{ code, detail }`, and `{ detail: [{loc, msg, type}] }` for 422.
export class ApiError extends Error {
  constructor(public status: number, public code: string, public detail: string, public headers?: Record<string, string>) {
    super(detail);
  }
}

export const notFound = (what = "Entity") => new ApiError(404, "not_found", `${what} not found`);
export const conflict = (detail: string) => new ApiError(409, "conflict", detail);
export const unauthorized = (detail = "Missing or invalid bearer token") => new ApiError(401, "authentication_failed", detail);
export const forbidden = (detail = "Not allowed") => new ApiError(403, "forbidden", detail);
export const tooLarge = (limit: number, what = "Request body") => new ApiError(413, "payload_too_large", `${what} exceeds the limit of ${limit} bytes`);

export class ValidationError extends Error {
  constructor(public field: string, public msg: string, public location: "body" | "query" | "path" | "header" = "body") {
    super(`${field}: ${msg}`);
  }
}

export function validationBody(errors: { loc: string[]; msg: string; type?: string }[]) {
  return { code: "validation", detail: errors.map((e) => ({ loc: e.loc, msg: e.msg, type: e.type ?? "value_error" })) };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}
