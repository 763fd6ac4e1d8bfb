// Renders a view to an HTML Response. Views may return a string or a Promise of one (kitajs async children).
export async function htmlPage(view: JSX.Element | Promise<string> | string, status = 200, headers: Record<string, string> = {}): Promise<Response> {
  const body = await view;
  return new Response(String(body), { status, headers: { "content-type": "text/html; charset=utf-8", ...headers } });
}
