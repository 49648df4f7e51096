// Settings → Email: the shop's SMTP relay, the sender, the sending rate, a
// test message, and the survey response collector. Without a relay every message is written as an .eml file to
// the outbox folder, so this page also says where that is.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf, useErrors } from "../../app/errors";
import { useOnChanged } from "../../app/useOnChanged";
import { useSaveForm, type Checked } from "../../app/useSaveForm";
import { FieldError, fieldProps, FormErrors, type FieldErrors } from "../../components/FieldError";
import { SaveActions } from "../../components/SaveActions";
import { SendResult, testAddressError, type SendAttempt } from "../../components/SendResult";
import { DEFAULT_PORTS, SECURITIES } from "../../lib/codes";
import { ipc, type MailSettings, type MailSettingsView, type Security } from "../../lib/ipc";
import { CollectorSettings } from "./CollectorSettings";
import { SettingsFrame, SettingsLoading } from "./SettingsFrame";

/** The form keeps numbers as typed; they are checked when saving. */
type Fields = Omit<MailSettings, "port" | "per_second" | "per_hour" | "connections"> & {
  port: string;
  per_second: string;
  per_hour: string;
  connections: string;
};

const FORM_FIELDS = [
  "host", "port", "security", "username", "password", "from_name", "from_address", "reply_to",
  "per_second", "per_hour", "connections",
];

function toFields(s: MailSettings): Fields {
  return {
    ...s,
    port: String(s.port),
    per_second: String(s.per_second),
    per_hour: String(s.per_hour),
    connections: String(s.connections),
  };
}

/** Reads "2,5" like "2.5": the owner may write numbers the Spanish way. */
function readNumber(text: string): number {
  const trimmed = text.trim().replace(",", ".");
  return trimmed === "" ? Number.NaN : Number(trimmed);
}

/** The settings to save, or the fields whose numbers cannot be read. */
function toSettings(f: Fields): Checked<MailSettings> {
  const port = readNumber(f.port);
  const perSecond = readNumber(f.per_second);
  const perHour = readNumber(f.per_hour);
  const connections = readNumber(f.connections);
  const errors: FieldErrors = {};
  if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = "port_invalid";
  if (!Number.isFinite(perSecond) || perSecond < 0) errors.per_second = "rate_invalid";
  if (!Number.isInteger(perHour) || perHour < 0) errors.per_hour = "rate_invalid";
  if (!Number.isInteger(connections) || connections < 1 || connections > 8) errors.connections = "connections_invalid";
  if (Object.keys(errors).length > 0) return { errors };
  return { input: { ...f, port, per_second: perSecond, per_hour: perHour, connections } };
}

export function EmailSettingsPage({ section }: { section?: "collector" } = {}) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const [view, setView] = useState<MailSettingsView | null>(null);
  const [fields, setFields] = useState<Fields | null>(null);
  const [password, setPassword] = useState("");
  const [forgetPassword, setForgetPassword] = useState(false);
  const { errors, dirty, saving, saved, touch, submit } = useSaveForm({
    // An empty password keeps the stored one; forgetting it saves "".
    save: (settings: MailSettings) => ipc.mailSettingsSave(settings, forgetPassword ? "" : password === "" ? null : password),
    onSaved: (next) => {
      setView(next);
      setFields(toFields(next.settings));
      setPassword("");
      setForgetPassword(false);
    },
  });
  const [testTo, setTestTo] = useState("");
  const [testErrors, setTestErrors] = useState<FieldErrors>({});
  const [testing, setTesting] = useState(false);
  const [attempt, setAttempt] = useState<SendAttempt | null>(null);

  const load = () =>
    ipc
      .mailSettingsGet()
      .then((next) => {
        setView(next);
        // A change made elsewhere must not overwrite what the owner is typing.
        setFields((current) => (current && dirty ? current : toFields(next.settings)));
      })
      .catch(report);

  useEffect(() => {
    void load();
    // Loaded once; later changes arrive through store-changed "mail".
  }, []);
  useOnChanged(["mail"], () => void load());

  if (!view || !fields) return <SettingsLoading current="email" />;

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields({ ...fields, [key]: value });
    touch(key);
  };

  const setSecurity = (security: Security) => {
    // Follow the usual port of the new kind of connection, unless the owner typed another.
    const usual = Object.values(DEFAULT_PORTS).map(String).includes(fields.port.trim());
    setFields({ ...fields, security, port: usual ? String(DEFAULT_PORTS[security]) : fields.port });
    touch("security");
  };

  const sendTest = async (event: FormEvent) => {
    event.preventDefault();
    if (testing) return;
    setTesting(true);
    setAttempt(null);
    setTestErrors({});
    try {
      setAttempt({ outcome: await ipc.mailSendTest(testTo.trim()) });
    } catch (err) {
      const refused = fieldErrorsOf(err);
      const address = refused && testAddressError(refused);
      if (address) setTestErrors({ test_to: address });
      else setAttempt({ error: err });
    } finally {
      setTesting(false);
    }
  };

  return (
    <SettingsFrame current="email">
      {!view.relay_configured && (
        <div className="card note-card" data-testid="mail-outbox-note">
          <h2>{t("mail.outbox.title")}</h2>
          <p>{t("mail.outbox.text")}</p>
          <p className="mono outbox-path" data-testid="mail-outbox-dir">
            {view.outbox_dir}
          </p>
          <button type="button" className="button" data-testid="mail-open-outbox" onClick={() => void ipc.mailOpenOutbox().catch(report)}>
            {t("mail.outbox.open")}
          </button>
        </div>
      )}

      <form className="card form narrow" onSubmit={(e) => void submit(e, toSettings(fields))} noValidate data-testid="mail-settings">
        <h2>{t("mail.relay.title")}</h2>
        <p className="muted">{t("mail.relay.hint")}</p>
        <FormErrors errors={errors} shown={(f) => FORM_FIELDS.includes(f)} />
        <div className="field">
          <label htmlFor="field-host">{t("mail.host")}</label>
          <input
            {...fieldProps("host", errors)}
            value={fields.host}
            onChange={(e) => set("host", e.target.value)}
            placeholder={t("mail.host_placeholder")}
            autoComplete="off"
            spellCheck={false}
          />
          <p className="hint">{t("mail.host_hint")}</p>
          <FieldError field="host" errors={errors} />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="field-security">{t("mail.security")}</label>
            <select {...fieldProps("security", errors)} value={fields.security} onChange={(e) => setSecurity(e.target.value as Security)}>
              {SECURITIES.map((s) => (
                <option key={s} value={s}>
                  {t(`mail.security_option.${s}`)}
                </option>
              ))}
            </select>
            <FieldError field="security" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="field-port">{t("mail.port")}</label>
            <input
              {...fieldProps("port", errors)}
              className="input-short"
              inputMode="numeric"
              value={fields.port}
              onChange={(e) => set("port", e.target.value)}
            />
            <FieldError field="port" errors={errors} />
          </div>
        </div>
        {fields.security === "none" && fields.host.trim() !== "" && (
          <p className="warning-text" role="note">
            {t("mail.security_none_warning")}
          </p>
        )}
        <div className="field-row">
          <div className="field">
            <label htmlFor="field-username">{t("mail.username")}</label>
            <input
              {...fieldProps("username", errors)}
              value={fields.username}
              onChange={(e) => set("username", e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <FieldError field="username" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="field-password">{t("mail.password")}</label>
            <input
              {...fieldProps("password", errors)}
              type="password"
              value={password}
              disabled={forgetPassword}
              onChange={(e) => {
                setPassword(e.target.value);
                touch("password");
              }}
              placeholder={view.has_password ? t("mail.password_keep") : ""}
              autoComplete="new-password"
            />
            {view.has_password && (
              <>
                <p className="hint" data-testid="mail-password-saved">
                  {t("mail.password_saved")}
                </p>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    data-testid="mail-password-forget"
                    checked={forgetPassword}
                    onChange={(e) => {
                      setForgetPassword(e.target.checked);
                      setPassword("");
                      touch("password");
                    }}
                  />
                  <span>{t("mail.password_forget")}</span>
                </label>
              </>
            )}
            <FieldError field="password" errors={errors} />
          </div>
        </div>

        <h2>{t("mail.sender.title")}</h2>
        <div className="field-row">
          <div className="field">
            <label htmlFor="field-from_name">{t("mail.from_name")}</label>
            <input {...fieldProps("from_name", errors)} value={fields.from_name} onChange={(e) => set("from_name", e.target.value)} />
            <FieldError field="from_name" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="field-from_address">{t("mail.from_address")}</label>
            <input
              {...fieldProps("from_address", errors)}
              type="email"
              value={fields.from_address}
              onChange={(e) => set("from_address", e.target.value)}
              spellCheck={false}
            />
            <FieldError field="from_address" errors={errors} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="field-reply_to">{t("mail.reply_to")}</label>
          <input
            {...fieldProps("reply_to", errors)}
            type="email"
            value={fields.reply_to}
            onChange={(e) => set("reply_to", e.target.value)}
            spellCheck={false}
          />
          <p className="hint">{t("mail.reply_to_hint")}</p>
          <FieldError field="reply_to" errors={errors} />
        </div>

        <h2>{t("mail.rate.title")}</h2>
        <p className="muted">{t("mail.rate.hint")}</p>
        <div className="field-row">
          <div className="field">
            <label htmlFor="field-per_second">{t("mail.per_second")}</label>
            <input
              {...fieldProps("per_second", errors)}
              className="input-short"
              inputMode="decimal"
              value={fields.per_second}
              onChange={(e) => set("per_second", e.target.value)}
            />
            <FieldError field="per_second" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="field-per_hour">{t("mail.per_hour")}</label>
            <input
              {...fieldProps("per_hour", errors)}
              className="input-short"
              inputMode="numeric"
              value={fields.per_hour}
              onChange={(e) => set("per_hour", e.target.value)}
            />
            <FieldError field="per_hour" errors={errors} />
          </div>
          <div className="field">
            <label htmlFor="field-connections">{t("mail.connections")}</label>
            <input
              {...fieldProps("connections", errors)}
              className="input-short"
              inputMode="numeric"
              value={fields.connections}
              onChange={(e) => set("connections", e.target.value)}
            />
            <FieldError field="connections" errors={errors} />
          </div>
        </div>
        <p className="hint">{t("mail.rate.zero")}</p>

        <SaveActions saving={saving} saved={saved} savedText={t("mail.saved")} saveTestId="mail-save" savedTestId="mail-saved" />
      </form>

      <form className="card form narrow" onSubmit={sendTest} noValidate data-testid="mail-test">
        <h2>{t("mail.test.title")}</h2>
        <p className="muted">{view.relay_configured ? t("mail.test.hint") : t("mail.test.hint_outbox")}</p>
        <div className="field">
          <label htmlFor="field-test_to">{t("mail.test.to")}</label>
          <input
            {...fieldProps("test_to", testErrors)}
            type="email"
            value={testTo}
            onChange={(e) => {
              setTestTo(e.target.value);
              setTestErrors({});
            }}
            data-testid="mail-test-to"
            spellCheck={false}
          />
          <FieldError field="test_to" errors={testErrors} />
        </div>
        {dirty && <p className="hint">{t("mail.test.unsaved")}</p>}
        <div className="form-actions">
          <button type="submit" className="button" data-testid="mail-test-send" disabled={testing || testTo.trim() === ""}>
            {testing ? t("mail.test.sending") : t("mail.test.send")}
          </button>
        </div>
        {attempt && <SendResult attempt={attempt} testId="mail-test-result" />}
      </form>

      <CollectorSettings focus={section === "collector"} />
    </SettingsFrame>
  );
}
