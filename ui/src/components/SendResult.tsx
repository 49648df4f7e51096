// What happened to a test message, in plain words, with the server's own reply.
import { useTranslation } from "react-i18next";
import { CommandError, type TestReport } from "../lib/ipc";

export type SendAttempt = { outcome: TestReport } | { error: unknown };

/** `outcome` says what happened in one word: sent, saved, temporary, permanent, auth_failed, tls_failed. */
function messageKey({ ok, code, outcome }: TestReport): string {
  // Without a relay the message is written to the outbox folder: no server, no code.
  if (outcome === "saved" || (ok && code === null)) return "mail.result.saved";
  if (ok) return "mail.result.ok";
  if (outcome === "auth_failed") return "errors.code.auth_failed";
  if (outcome === "tls_failed") return "errors.code.tls_failed";
  if (code === null) return "mail.result.no_answer";
  if (code >= 500) return "mail.result.refused";
  if (code >= 400) return "mail.result.temporary";
  return "mail.result.failed";
}

/** The code to show on the test address when a refusal is about it; null otherwise. */
export function testAddressError(refused: Record<string, string>): string | null {
  const code = refused.to ?? refused.to_address ?? refused.email;
  if (code === undefined) return null;
  return code === "required" ? code : "email_malformed";
}

export function SendResult({ attempt, testId }: { attempt: SendAttempt; testId: string }) {
  const { t } = useTranslation();
  if ("error" in attempt) {
    const code = attempt.error instanceof CommandError ? attempt.error.code : "internal";
    const detail = attempt.error instanceof CommandError ? attempt.error.payload.message : "";
    return (
      <div className="send-result send-result-error" role="alert" data-testid={testId}>
        <p>{t(`errors.code.${code}`, { defaultValue: t("errors.generic") })}</p>
        {detail && code !== "invalid_input" && code !== "internal" && (
          <p className="mono server-reply">{t("mail.result.server_said", { reply: detail })}</p>
        )}
      </div>
    );
  }
  const detailed: TestReport = attempt.outcome;
  const { ok, code, reply } = detailed;
  const key = messageKey(detailed);
  const saved = key === "mail.result.saved";
  return (
    <div className={`send-result ${ok ? "send-result-ok" : "send-result-error"}`} role={ok ? "status" : "alert"} data-testid={testId}>
      <p>{t(key, { code })}</p>
      {reply && <p className="mono server-reply">{t(saved ? "mail.result.saved_file" : "mail.result.server_said", { reply })}</p>}
    </div>
  );
}
