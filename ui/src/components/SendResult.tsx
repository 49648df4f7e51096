// What happened to a test message, in plain words, with the server's own reply.
import { useTranslation } from "react-i18next";
import { CommandError, type SendOutcome } from "../lib/ipc";

export type SendAttempt = { outcome: SendOutcome } | { error: unknown };

function failureKey(code: number | null): string {
  if (code === null) return "mail.result.no_answer";
  if (code >= 500) return "mail.result.refused";
  if (code >= 400) return "mail.result.temporary";
  return "mail.result.failed";
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
  const { ok, code, reply } = attempt.outcome;
  return (
    <div className={`send-result ${ok ? "send-result-ok" : "send-result-error"}`} role={ok ? "status" : "alert"} data-testid={testId}>
      <p>{ok ? t("mail.result.ok") : t(failureKey(code), { code })}</p>
      {reply && <p className="mono server-reply">{t("mail.result.server_said", { reply })}</p>}
    </div>
  );
}
