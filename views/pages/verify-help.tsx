import { Card } from "../components/card.tsx";
import { CodeSnippet } from "../components/code-snippet.tsx";
import { KeyValueTable } from "../components/key-value-table.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { BaseLayout } from "../layouts/base.tsx";
import { VERIFY_EXAMPLES } from "../lib/verify-examples.ts";
import type { Shell } from "../partials/shell.ts";

/** "Verify a webhook": what a receiver's developer needs to check hookrelay's signatures. */
export function VerifyHelpPage({ shell }: { shell: Shell }) {
  return (
    <BaseLayout title="Verify a webhook" section="docs" user={shell.user} csrfToken={shell.csrfToken} version={shell.version} flash={shell.flash}>
      <PageHeader title="Verify a webhook" crumbs={[{ label: "Docs", href: "/docs" }, { label: "Verify a webhook" }]}
        description="For the developer of a receiving endpoint: check that a request really comes from hookrelay and was not replayed." />
      <div class="stack prose">
        <Card title="What each request carries">
          <KeyValueTable keyHeader="Header" valueHeader="Meaning" prose rows={[
            ["webhook-id", "The message id (msg_…). The same on every retry: use it to ignore duplicates."],
            ["webhook-timestamp", "Unix seconds when this attempt was signed. Reject it when it is more than 5 minutes away from your clock."],
            ["webhook-signature", "Space-separated v1,<base64> entries: one per live secret, so rotating a secret never breaks you."],
            ["content-type", "application/json for messages sent through the API."],
          ]} />
        </Card>
        <Card title="How the signature is made">
          <ol class="help-steps">
            <li>Take the endpoint's signing secret (<code>whsec_…</code>, from the endpoint page) and base64-decode the part after <code>whsec_</code>: that is the HMAC key.</li>
            <li>Build the signed content: <code>{"{webhook-id}.{webhook-timestamp}.{raw body}"}</code>. Use the body exactly as received, before any JSON parsing.</li>
            <li>Compute HMAC-SHA256 over it, base64-encode the result, and compare it in constant time with each <code>v1,</code> entry of <code>webhook-signature</code>. One match is enough.</li>
          </ol>
          <p style="margin-top: 12px">This is the <a href="https://www.standardwebhooks.com/" rel="noopener">Standard Webhooks</a> scheme that Svix uses too, so the official <code>standardwebhooks</code> and <code>svix</code> libraries verify hookrelay's requests unchanged.</p>
        </Card>
        {VERIFY_EXAMPLES.map((ex) => <CodeSnippet code={ex.code} label={ex.label} id={`verify-${ex.id}`} />)}
      </div>
    </BaseLayout>
  );
}
