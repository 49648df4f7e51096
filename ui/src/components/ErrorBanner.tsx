import { useTranslation } from "react-i18next";
import { useErrors } from "../app/errors";

export function ErrorBanner() {
  const { t } = useTranslation();
  const { code, dismiss } = useErrors();
  if (!code) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <p>{t(`errors.code.${code}`, { defaultValue: t("errors.generic") })}</p>
      <button type="button" className="button-quiet" onClick={dismiss} aria-label={t("common.dismiss")}>
        ×
      </button>
    </div>
  );
}
