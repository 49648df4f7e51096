// A customer's tags, for segments: shown as chips, added and removed in place.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useErrors } from "../../app/errors";
import { ipc } from "../../lib/ipc";

export function CustomerTags({ customerId, tags }: { customerId: number; tags: string[] }) {
  const { t } = useTranslation();
  const { report } = useErrors();
  const [current, setCurrent] = useState(tags);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);

  const save = async (next: string[]) => {
    setBusy(true);
    try {
      setCurrent(await ipc.customerSetTags(customerId, next));
      setDraft("");
    } catch (err) {
      report(err);
    } finally {
      setBusy(false);
    }
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    const tag = draft.trim();
    if (tag === "") return;
    void save([...current, tag]);
  };

  return (
    <div className="tags" data-testid="customer-tags">
      <h3>{t("customer.tags.title")}</h3>
      <p className="hint">{t("customer.tags.hint")}</p>
      {current.length === 0 ? (
        <p className="muted">{t("customer.tags.none")}</p>
      ) : (
        <ul className="chips">
          {current.map((tag) => (
            <li key={tag} className="chip" data-testid="customer-tag">
              {/* Customer text is data: rendered as text. */}
              <span>{tag}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={t("customer.tags.remove", { tag })}
                disabled={busy}
                onClick={() => void save(current.filter((x) => x !== tag))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={add}>
        <label className="visually-hidden" htmlFor="customer-tag-new">
          {t("customer.tags.new")}
        </label>
        <input
          id="customer-tag-new"
          data-testid="customer-tag-input"
          value={draft}
          maxLength={60}
          placeholder={t("customer.tags.new")}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="button" disabled={busy || draft.trim() === ""} data-testid="customer-tag-add">
          {t("customer.tags.add")}
        </button>
      </form>
    </div>
  );
}
