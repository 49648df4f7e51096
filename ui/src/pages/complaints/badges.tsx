import { useTranslation } from "react-i18next";
import type { ComplaintStatus, ComplaintSummary, Severity } from "../../lib/ipc";

/** Waiting on the shop is amber, waiting on the customer neutral, done green. */
const STATUS_BADGE: Record<ComplaintStatus, string> = {
  open: "badge-warning",
  in_progress: "",
  waiting: "status-placed",
  resolved: "badge-success",
  closed: "status-placed",
};

const SEVERITY_BADGE: Record<Severity, string> = {
  low: "status-placed",
  normal: "",
  high: "badge-warning",
  urgent: "badge-danger",
};

export function ComplaintStatusBadge({ status, testId }: { status: ComplaintStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${STATUS_BADGE[status]}`} data-testid={testId}>
      {t(`complaint_status.${status}`)}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${SEVERITY_BADGE[severity]}`} data-testid="complaint-severity-badge">
      {t(`severity.${severity}`)}
    </span>
  );
}

/** A complaint opened by an unhappy survey answer, with the score given. */
export function SurveyBadge({ complaint }: { complaint: ComplaintSummary }) {
  const { t } = useTranslation();
  if (complaint.source !== "survey") return null;
  const title =
    complaint.survey_kind && complaint.survey_score !== null
      ? t("complaint.from_survey_score", { survey: t(`survey_kind.${complaint.survey_kind}.short`), score: complaint.survey_score })
      : undefined;
  return (
    <span className="badge status-placed" data-testid="complaint-from-survey" title={title}>
      {t("complaint.from_survey")}
      {complaint.survey_kind && complaint.survey_score !== null && ` · ${t(`survey_kind.${complaint.survey_kind}.short`)} ${complaint.survey_score}`}
    </span>
  );
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge-danger" data-testid="complaint-overdue">
      {t("complaints.overdue")}
    </span>
  );
}
