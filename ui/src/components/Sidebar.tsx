import { useTranslation } from "react-i18next";
import { useShop } from "../app/shop";
import { href, paths, UPCOMING_AREAS, type Route } from "../app/router";

/** The product areas, in the order the shop owner sees them. */
export const NAV_AREAS = [
  "customers",
  "orders",
  "returns",
  "loyalty",
  "newsletters",
  "surveys",
  "complaints",
  "dashboard",
  "settings",
] as const;
export type NavArea = (typeof NAV_AREAS)[number];

export function areaOf(route: Route): NavArea {
  switch (route.page) {
    case "orders":
      return "orders";
    case "settings":
      return "settings";
    case "upcoming":
      return route.area;
    default:
      return "customers";
  }
}

export function Sidebar({ route }: { route: Route }) {
  const { t } = useTranslation();
  const { shopName } = useShop();
  const current = areaOf(route);
  return (
    <nav className="sidebar" aria-label={t("nav.label")}>
      <div className="sidebar-brand" title={shopName.trim() || t("app.name")}>
        {shopName.trim() || t("app.name")}
      </div>
      <ul className="nav-list">
        {NAV_AREAS.map((area) => {
          const upcoming = (UPCOMING_AREAS as readonly string[]).includes(area);
          return (
            <li key={area}>
              <a
                href={href(paths.area(area))}
                className="nav-link"
                data-testid={`nav-${area}`}
                aria-current={area === current ? "page" : undefined}
              >
                <span>{t(`nav.${area}`)}</span>
                {upcoming && (
                  <span className="badge badge-soon" data-testid="coming-soon">
                    {t("nav.coming_soon")}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
