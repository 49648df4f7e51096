import { useTranslation } from "react-i18next";
import type { ReturnStatus } from "../../lib/ipc";

/** Waiting on the shop is amber, settled is green, rejected red. */
const BADGE: Record<ReturnStatus, string> = {
  requested: "badge-warning",
  approved: "",
  rejected: "badge-danger",
  received: "badge-warning",
  refunded: "badge-success",
  exchanged: "badge-success",
  credited: "badge-success",
  closed: "status-placed",
};

export function ReturnStatusBadge({ status, testId }: { status: ReturnStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${BADGE[status]}`} data-testid={testId}>
      {t(`return_status.${status}`)}
    </span>
  );
}
