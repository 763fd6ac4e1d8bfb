declare module "htmx.org/dist/htmx.min.js" { const path: string; export default path; }
declare module "htmx-ext-sse/dist/sse.min.js" { const path: string; export default path; }
declare module "*.css" { const path: string; export default path; }
declare module "*/app.js" { const path: string; export default path; }
