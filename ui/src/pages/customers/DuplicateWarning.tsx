import { useTranslation } from "react-i18next";
import { href, paths } from "../../app/router";
import type { PossibleDuplicate } from "../../lib/ipc";

function reasonKey(d: PossibleDuplicate): string {
  if (d.same_email && d.same_phone) return "duplicates.same_both";
  return d.same_email ? "duplicates.same_email" : "duplicates.same_phone";
}

/** "Posible duplicado: Ana Ruiz (mismo email)", each name a link to that customer. */
export function DuplicateWarning({ duplicates }: { duplicates: PossibleDuplicate[] }) {
  const { t } = useTranslation();
  if (duplicates.length === 0) return null;
  return (
    <div className="banner banner-warning" role="status" data-testid="duplicate-warning">
      <ul className="plain-list">
        {duplicates.map((d) => (
          <li key={d.id}>
            {t("duplicates.possible")}{" "}
            <a href={href(paths.customer(d.id))}>{d.name}</a> ({t(reasonKey(d))})
          </li>
        ))}
      </ul>
    </div>
  );
}
