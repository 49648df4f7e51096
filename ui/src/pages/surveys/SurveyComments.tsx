// What customers wrote, newest first: filter by words, or only the unhappy.
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { href, paths } from "../../app/router";
import { useShop } from "../../app/shop";
import { formatTimestamp } from "../../lib/dates";
import { ipc, type Response as SurveyResponse, type SurveyKind } from "../../lib/ipc";
import { useDebounced } from "../../lib/useDebounced";
import { ScoreBadge } from "./ScoreBadge";

export const COMMENTS_LIMIT = 200;

export function SurveyComments({ kind, version }: { kind: SurveyKind; version: number }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const [query, setQuery] = useState("");
  const [unhappyOnly, setUnhappyOnly] = useState(false);
  const [comments, setComments] = useState<SurveyResponse[] | null>(null);
  const settled = useDebounced(query.trim(), 300);

  useEffect(() => {
    let live = true;
    ipc
      .surveyComments(kind, settled, unhappyOnly, COMMENTS_LIMIT)
      .then((found) => live && setComments(found))
      .catch((err) => live && report(err));
    return () => {
      live = false;
    };
  }, [kind, settled, unhappyOnly, version, report]);

  return (
    <section className="card" aria-labelledby="comments-heading" data-testid="survey-comments">
      <h2 id="comments-heading">{t("surveys.comments.title")}</h2>
      <div className="toolbar">
        <div className="field search">
          <label htmlFor="comments-filter">{t("surveys.comments.filter")}</label>
          <input
            id="comments-filter"
            type="search"
            data-testid="survey-comments-filter"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="survey-comments-unhappy"
            checked={unhappyOnly}
            onChange={(e) => setUnhappyOnly(e.target.checked)}
          />
          <span>{t(`surveys.comments.unhappy_only.${kind}`)}</span>
        </label>
      </div>
      {comments === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : comments.length === 0 ? (
        <p className="muted" data-testid="survey-comments-empty">
          {t("surveys.comments.none")}
        </p>
      ) : (
        <ul className="comment-list">
          {comments.map((c) => (
            <li key={c.id} className="comment" data-testid="survey-comment">
              <div className="comment-head">
                <a href={href(paths.customer(c.customer_id))} data-testid="survey-comment-customer">
                  {c.customer_name}
                </a>
                <ScoreBadge kind={c.kind} score={c.score} />
                <span className="muted">{t(`survey_channel.${c.channel}`)}</span>
                {c.order_number && <span className="muted mono">{t("surveys.order_ref", { number: c.order_number })}</span>}
                <span className="muted nowrap">{formatTimestamp(c.answered_at, locale)}</span>
              </div>
              {/* Customer text is data: rendered as text, line breaks kept by CSS. */}
              <p className="comment-text" data-testid="survey-comment-text">
                {c.comment}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
