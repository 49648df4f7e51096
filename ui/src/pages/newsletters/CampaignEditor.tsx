// A campaign before it goes out: what it says, who gets it, a preview at
// desktop and phone widths, a test message, then send now or schedule.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { href, navigate, paths } from "../../app/router";
import { useSending } from "../../app/sending";
import { useShop } from "../../app/shop";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { SendResult, testAddressError, type SendAttempt } from "../../components/SendResult";
import { PLACEHOLDERS } from "../../lib/codes";
import { formatTimestamp, parseDateTimeLocal, toDateTimeLocal } from "../../lib/dates";
import { ipc, type AudienceCount, type Campaign, type CampaignInput, type PreviewPage } from "../../lib/ipc";
import { useCount } from "../import/messages";
import { AudienceEditor, fromRule, toAudience, type AudienceDraft } from "./AudienceEditor";
import { CampaignPreview } from "./CampaignPreview";
import { NewslettersTabs } from "./NewslettersTabs";

type Fields = { name: string; subject: string; preheader: string; body_md: string; audience: AudienceDraft };

/** Fields with an input of their own; other refusals are listed above the form. */
const SHOWN = (field: string) => ["name", "subject", "preheader", "body_md", "scheduled_at"].includes(field) || field.startsWith("audience");

function fromCampaign(c: Campaign | null): Fields {
  return {
    name: c?.name ?? "",
    subject: c?.subject ?? "",
    preheader: c?.preheader ?? "",
    body_md: c?.body_md ?? "",
    audience: { listId: c?.audience.list_id ?? null, rules: (c?.audience.rules ?? []).map(fromRule) },
  };
}

function toInput(f: Fields): CampaignInput {
  return { name: f.name, subject: f.subject, preheader: f.preheader, body_md: f.body_md, audience: toAudience(f.audience) };
}

/** Tomorrow at 10:00 local time: a sensible first suggestion for a schedule. */
function suggestedTime(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(10, 0, 0, 0);
  return toDateTimeLocal(d.getTime());
}

export function CampaignEditor({ campaign, onChanged }: { campaign: Campaign | null; onChanged?: (c: Campaign) => void }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const { locale } = useShop();
  const { refresh } = useSending();
  const count = useCount(locale);
  const [saved, setSaved] = useState<Campaign | null>(campaign);
  const [fields, setFields] = useState<Fields>(() => fromCampaign(campaign));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [savedNote, setSavedNote] = useState(false);
  const [preview, setPreview] = useState<PreviewPage | null>(null);
  const [testTo, setTestTo] = useState("");
  const [testErrors, setTestErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState<SendAttempt | null>(null);
  const [scheduleAt, setScheduleAt] = useState(() =>
    campaign?.scheduled_at != null ? toDateTimeLocal(campaign.scheduled_at) : suggestedTime(),
  );
  const [confirming, setConfirming] = useState<{ campaign: Campaign; count: AudienceCount } | null>(null);
  const [deleting, setDeleting] = useState(false);

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields({ ...fields, [key]: value });
    setSavedNote(false);
    const cleared = Object.keys(errors).filter((f) => f === key || (key === "audience" && f.startsWith("audience")));
    if (cleared.length > 0) setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => !cleared.includes(f))));
  };

  /** Hands the refusal to the form, or to the banner when it is not about fields. */
  const refuse = (err: unknown) => {
    const refused = fieldErrorsOf(err);
    if (refused) setErrors(refused);
    else report(err);
  };

  /** Saves what is on screen; null when refused (the fields say why). */
  const save = async (): Promise<Campaign | null> => {
    try {
      const input = toInput(fields);
      const next = saved ? await ipc.campaignUpdate(saved.id, input) : await ipc.campaignCreate(input);
      setErrors({});
      setSaved(next);
      onChanged?.(next);
      return next;
    } catch (err) {
      refuse(err);
      return null;
    }
  };

  const run = async (work: () => unknown) => {
    if (busy) return;
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const next = await save();
      if (!next) return;
      setSavedNote(true);
      if (!campaign) navigate(paths.campaign(next.id));
    });
  };

  const showPreview = () =>
    run(async () => {
      try {
        setPreview(await ipc.campaignPreview(toInput(fields)));
      } catch (err) {
        refuse(err);
      }
    });

  const sendTest = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setAttempt(null);
      setTestErrors({});
      try {
        setAttempt({ outcome: await ipc.campaignTestSend(toInput(fields), testTo.trim()) });
      } catch (err) {
        const refused = fieldErrorsOf(err);
        const address = refused && testAddressError(refused);
        if (address) {
          setTestErrors({ campaign_test_to: address });
        } else if (refused) {
          setErrors(refused);
        } else {
          setAttempt({ error: err });
        }
      }
    });
  };

  const askToSend = () =>
    run(async () => {
      const next = await save();
      if (!next) return;
      try {
        setConfirming({ campaign: next, count: await ipc.audienceCount(next.audience) });
      } catch (err) {
        refuse(err);
      }
    });

  const sendNow = (target: Campaign) =>
    run(async () => {
      try {
        await ipc.campaignStart(target.id);
        setConfirming(null);
        refresh();
        if (campaign) {
          onChanged?.(await ipc.campaignGet(target.id));
        } else {
          navigate(paths.campaign(target.id));
        }
      } catch (err) {
        setConfirming(null);
        refuse(err);
      }
    });

  const schedule = () =>
    run(async () => {
      const at = parseDateTimeLocal(scheduleAt);
      if (at === null) {
        setErrors({ ...errors, scheduled_at: "date_invalid" });
        return;
      }
      const next = await save();
      if (!next) return;
      try {
        const scheduled = await ipc.campaignSchedule(next.id, at);
        setSaved(scheduled);
        if (campaign) onChanged?.(scheduled);
        else navigate(paths.campaign(scheduled.id));
      } catch (err) {
        refuse(err);
      }
    });

  const unschedule = () =>
    run(async () => {
      if (!saved) return;
      try {
        const next = await ipc.campaignUnschedule(saved.id);
        setSaved(next);
        onChanged?.(next);
      } catch (err) {
        refuse(err);
      }
    });

  const remove = () =>
    run(async () => {
      if (!saved) return;
      setDeleting(false);
      try {
        await ipc.campaignDelete(saved.id);
        navigate(paths.campaigns());
      } catch (err) {
        refuse(err);
      }
    });

  const scheduled = saved?.status === "scheduled";

  return (
    <section className="page">
      <header className="page-header">
        <h1>{t("nav.newsletters")}</h1>
      </header>
      <NewslettersTabs current="campaigns" />
      <p>
        <a href={href(paths.campaigns())}>{t("campaigns.back")}</a>
      </p>

      {scheduled && saved?.scheduled_at != null && (
        <div className="banner banner-warning" role="status" data-testid="campaign-scheduled">
          <p>{t("campaign.scheduled_for", { date: formatTimestamp(saved.scheduled_at, locale) })}</p>
          <button type="button" className="button" data-testid="campaign-unschedule" disabled={busy} onClick={() => void unschedule()}>
            {t("campaign.unschedule")}
          </button>
        </div>
      )}

      <form className="card form" onSubmit={submit} noValidate data-testid="campaign-form">
        <h2>{saved ? t("campaign.edit_title") : t("campaign.new_title")}</h2>
        <FormErrors errors={errors} shown={SHOWN} />
        <div className="field">
          <label htmlFor="field-name">{t("campaign.name")}</label>
          <input
            {...fieldProps("name", errors)}
            data-testid="campaign-name"
            value={fields.name}
            onChange={(e) => set("name", e.target.value)}
            autoComplete="off"
            autoFocus={!saved}
          />
          <p className="hint">{t("campaign.name_hint")}</p>
          <FieldError field="name" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-subject">{t("campaign.subject")}</label>
          <input
            {...fieldProps("subject", errors)}
            data-testid="campaign-subject"
            value={fields.subject}
            onChange={(e) => set("subject", e.target.value)}
            autoComplete="off"
          />
          <FieldError field="subject" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-preheader">{t("campaign.preheader")}</label>
          <input
            {...fieldProps("preheader", errors)}
            data-testid="campaign-preheader"
            value={fields.preheader}
            onChange={(e) => set("preheader", e.target.value)}
            autoComplete="off"
          />
          <p className="hint">{t("campaign.preheader_hint")}</p>
          <FieldError field="preheader" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="field-body_md">{t("campaign.body")}</label>
          <textarea
            {...fieldProps("body_md", errors)}
            data-testid="campaign-body"
            rows={14}
            value={fields.body_md}
            onChange={(e) => set("body_md", e.target.value)}
            aria-describedby={errors.body_md ? "error-body_md" : "body-help"}
          />
          <div className="hint" id="body-help">
            <p className="hint">{t("campaign.body_help")}</p>
            <ul className="placeholders" data-testid="placeholders">
              {PLACEHOLDERS.map((p) => (
                <li key={p}>
                  <code>{`{{ ${p} }}`}</code> {t(`placeholder.${p}`)}
                </li>
              ))}
            </ul>
          </div>
          <FieldError field="body_md" errors={errors} />
        </div>

        <AudienceEditor draft={fields.audience} onChange={(audience) => set("audience", audience)} errors={errors} />

        <div className="form-actions">
          <button type="submit" className="button" data-testid="campaign-save" disabled={busy}>
            {t("campaign.save")}
          </button>
          <button type="button" className="button" data-testid="campaign-preview-open" disabled={busy} onClick={() => void showPreview()}>
            {t("campaign.preview")}
          </button>
          {saved?.status === "draft" && (
            <button type="button" className="button-quiet" data-testid="campaign-delete" disabled={busy} onClick={() => setDeleting(true)}>
              {t("campaign.delete")}
            </button>
          )}
          {savedNote && (
            <p className="saved" role="status" data-testid="campaign-saved">
              {t("campaign.saved")}
            </p>
          )}
        </div>
      </form>

      {preview && <CampaignPreview preview={preview} onClose={() => setPreview(null)} />}

      <form className="card form" onSubmit={sendTest} noValidate data-testid="campaign-test">
        <h2>{t("campaign.test.title")}</h2>
        <p className="muted">{t("campaign.test.hint")}</p>
        <div className="campaign-actions">
          <div className="field">
            <label htmlFor="field-campaign_test_to">{t("campaign.test.to")}</label>
            <input
              {...fieldProps("campaign_test_to", testErrors)}
              type="email"
              data-testid="campaign-test-to"
              value={testTo}
              onChange={(e) => {
                setTestTo(e.target.value);
                setTestErrors({});
              }}
              spellCheck={false}
            />
          </div>
          <button type="submit" className="button" data-testid="campaign-test-send" disabled={busy || testTo.trim() === ""}>
            {t("campaign.test.send")}
          </button>
        </div>
        <FieldError field="campaign_test_to" errors={testErrors} />
        {attempt && <SendResult attempt={attempt} testId="campaign-test-result" />}
      </form>

      <div className="card" data-testid="campaign-send-card">
        <h2>{t("campaign.send.title")}</h2>
        <div className="campaign-actions">
          <button type="button" className="button button-primary" data-testid="campaign-send" disabled={busy} onClick={() => void askToSend()}>
            {t("campaign.send.now")}
          </button>
          <div className="field">
            <label htmlFor="field-scheduled_at">{t("campaign.send.at")}</label>
            <input
              {...fieldProps("scheduled_at", errors)}
              type="datetime-local"
              data-testid="campaign-schedule-at"
              value={scheduleAt}
              onChange={(e) => {
                setScheduleAt(e.target.value);
                if (errors.scheduled_at) setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => f !== "scheduled_at")));
              }}
            />
          </div>
          <button type="button" className="button" data-testid="campaign-schedule" disabled={busy} onClick={() => void schedule()}>
            {scheduled ? t("campaign.send.reschedule") : t("campaign.send.schedule")}
          </button>
        </div>
        <FieldError field="scheduled_at" errors={errors} />
      </div>

      {confirming && (
        <ConfirmDialog
          title={t("campaign.confirm.title")}
          confirmLabel={t("campaign.confirm.send", { count: count(confirming.count.recipients) })}
          confirmTestId="campaign-send-confirm"
          busy={busy || confirming.count.recipients === 0}
          onCancel={() => setConfirming(null)}
          onConfirm={() => void sendNow(confirming.campaign)}
        >
          <p data-testid="campaign-confirm-count">
            {t("campaign.confirm.text", {
              name: confirming.campaign.name,
              recipients: count(confirming.count.recipients),
              suppressed: count(confirming.count.suppressed),
            })}
          </p>
          <p className="muted">{t("campaign.confirm.note")}</p>
        </ConfirmDialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={t("campaign.delete_title")}
          confirmLabel={t("campaign.delete")}
          confirmTestId="campaign-delete-confirm"
          danger
          onCancel={() => setDeleting(false)}
          onConfirm={() => void remove()}
        >
          <p>{t("campaign.delete_text", { name: saved?.name ?? "" })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
