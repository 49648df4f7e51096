// A figure of the dashboard: a card that is a link to the list behind it.
import { useTranslation } from "react-i18next";
import { href } from "../../app/router";
import type { DASHBOARD_FIGURES } from "../../lib/codes";

export type FigureName = (typeof DASHBOARD_FIGURES)[number];

type Props = {
  name: FigureName;
  value: string;
  /** What the figure is made of ("12 de 80 clientes"). */
  detail?: string;
  /** The path of the list it opens. */
  to: string;
  /** Drawn as a warning (overdue complaints). */
  alert?: boolean;
};

export function FigureTile({ name, value, detail, to, alert = false }: Props) {
  const { t } = useTranslation();
  return (
    <a className={alert ? "figure-tile figure-alert" : "figure-tile"} href={href(to)} data-testid={`dashboard-figure-${name}`}>
      <span className="figure-caption">{t(`dashboard.figure.${name}`)}</span>
      <span className="figure-value" data-testid="figure-value">
        {value}
      </span>
      {detail && <span className="figure-detail">{detail}</span>}
    </a>
  );
}
