// The save flow the settings forms share: the fields' errors, whether they
// were edited since loading or saving, and one save at a time.
import { useState, type FormEvent } from "react";
import type { FieldErrors } from "../components/FieldError";
import { fieldErrorsOf, useErrors } from "./errors";

/** What a form's local check makes of its fields: the input to save, or the fields it refuses. */
export type Checked<Input> = { input: Input } | { errors: FieldErrors };

export function useSaveForm<Input, Saved>({ save, onSaved }: { save: (input: Input) => Promise<Saved>; onSaved: (saved: Saved) => void }) {
  const { report } = useErrors();
  const [errors, setErrors] = useState<FieldErrors>({});
  // Edited since the last load or save: a reload must not overwrite what the owner is typing.
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  /** An edit: "saved" no longer holds, and the errors of the fields it changed are stale. */
  const touch = (...fields: string[]) => {
    setSaved(false);
    setDirty(true);
    if (fields.some((f) => f in errors)) setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => !fields.includes(f))));
  };

  const submit = async (event: FormEvent, checked: Checked<Input>) => {
    event.preventDefault();
    if (saving) return;
    if ("errors" in checked) {
      setErrors(checked.errors);
      return;
    }
    setSaving(true);
    setSaved(false);
    try {
      const next = await save(checked.input);
      setErrors({});
      onSaved(next);
      setDirty(false);
      setSaved(true);
    } catch (err) {
      // A refusal of some fields is shown on them; anything else goes to the banner.
      const refused = fieldErrorsOf(err);
      if (refused) setErrors(refused);
      else report(err);
    } finally {
      setSaving(false);
    }
  };

  return { errors, dirty, saving, saved, touch, submit };
}
