// Areas on the way: a friendly note on what each will do.
import { useTranslation } from "react-i18next";
import type { UpcomingArea } from "../../app/router";

export function UpcomingPage({ area }: { area: UpcomingArea }) {
  const { t } = useTranslation();
  return (
    <section className="page">
      <header className="page-header">
        <h1>{t(`nav.${area}`)}</h1>
        <span className="badge badge-soon">{t("nav.coming_soon")}</span>
      </header>
      <div className="card placeholder">
        <p className="lead">{t(`upcoming.${area}`)}</p>
        <p className="muted">{t("upcoming.note")}</p>
      </div>
    </section>
  );
}
