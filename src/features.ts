// Feature modules register their routes, jobs and commands by being imported here (one line each).
// Keeping the list in one place makes the binary's contents obvious.
import "./http/ui";
import "./http/ui/pages";
import "./ops";
import "./delivery";
import "./http/api/outbound";
import "./http/api/audit";
import "./http/ingest";
