// A score as a small coloured badge: its band (detractor / passive /
// promoter and the like) is in the colour and, for screen readers, in words.
import { useTranslation } from "react-i18next";
import type { SurveyKind } from "../../lib/ipc";
import { scoreRange, toneOf } from "../../lib/surveys";

export function ScoreBadge({ kind, score }: { kind: SurveyKind; score: number }) {
  const { t } = useTranslation();
  const tone = toneOf(kind, score);
  const [, max] = scoreRange(kind);
  return (
    <span className={`badge score-badge tone-${tone}`} title={t(`score_tone.${kind}.${tone}`)}>
      {t("surveys.score_of", { score, max })}
      <span className="visually-hidden">{t("surveys.tone_suffix", { tone: t(`score_tone.${kind}.${tone}`) })}</span>
    </span>
  );
}
