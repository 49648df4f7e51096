// The banner for failures of a whole command (not tied to one field).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { CommandError } from "../lib/ipc";

type Errors = {
  /** The code of the failure on show, if any. */
  code: string | null;
  report: (err: unknown) => void;
  dismiss: () => void;
};

const ErrorsContext = createContext<Errors>({ code: null, report: () => {}, dismiss: () => {} });

export function ErrorsProvider({ children }: { children: ReactNode }) {
  const [code, setCode] = useState<string | null>(null);
  const report = useCallback((err: unknown) => {
    setCode(err instanceof CommandError ? err.code : "internal");
    if (!(err instanceof CommandError)) console.error(err);
  }, []);
  const dismiss = useCallback(() => setCode(null), []);
  const value = useMemo(() => ({ code, report, dismiss }), [code, report, dismiss]);
  return <ErrorsContext.Provider value={value}>{children}</ErrorsContext.Provider>;
}

export function useErrors(): Errors {
  return useContext(ErrorsContext);
}

/**
 * Field name → field error code, when `err` is a refusal of some fields; null otherwise.
 * Besides `invalid_input`, the mail engine names the field of a template or
 * header it cannot build (`template_invalid` on `body_md`).
 */
export function fieldErrorsOf(err: unknown): Record<string, string> | null {
  if (err instanceof CommandError && err.payload.fields.length > 0) {
    return err.fieldCodes();
  }
  return null;
}
