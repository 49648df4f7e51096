// The new complaint's draft: the whole form as typed, kept on disk by the
// core (`draft_save`) so that closing or killing the window loses nothing.
import { ipc, type ContactChannel, type Severity } from "../../lib/ipc";
import type { ComplaintChannel } from "./labels";

export const DRAFT_NAME = "complaint";
/** While typing goes on, a save at least this often… */
export const DRAFT_MAX_WAIT_MS = 400;
/** …and always this soon after the last keystroke. */
export const DRAFT_QUIET_MS = 250;

/** The chosen customer, as far as the form shows it. */
export type ChosenCustomer = { id: number; name: string; phone: string | null; email: string | null };

/** A customer being created in place from what was typed in the lookup. */
export type NewCustomer = { name: string; phone: string };

export type FormState = {
  query: string;
  customer: ChosenCustomer | null;
  creating: NewCustomer | null;
  order_id: number | null;
  category_id: number | null;
  severity: Severity;
  channel: ComplaintChannel;
  reply_channel: ContactChannel;
  description: string;
};

export const EMPTY_FORM: FormState = {
  query: "",
  customer: null,
  creating: null,
  order_id: null,
  category_id: null,
  severity: "normal",
  channel: "phone",
  reply_channel: "phone",
  description: "",
};

/** Something the owner typed or chose that would be lost by leaving. */
export function hasTyped(state: FormState, preselected: number | null = null): boolean {
  return (
    state.query.trim() !== "" ||
    (state.customer !== null && state.customer.id !== preselected) ||
    state.creating !== null ||
    state.order_id !== null ||
    state.description.trim() !== ""
  );
}

/** A saved body back into a form state; null when it is unreadable or holds nothing typed. */
export function parseDraft(body: string): FormState | null {
  try {
    const raw = JSON.parse(body) as Partial<FormState> | null;
    if (typeof raw !== "object" || raw === null) return null;
    const state: FormState = { ...EMPTY_FORM, ...raw };
    if (typeof state.query !== "string" || typeof state.description !== "string") return null;
    return hasTyped(state) ? state : null;
  } catch {
    return null;
  }
}

/**
 * Saves the latest body, throttled: during continuous typing at least every
 * DRAFT_MAX_WAIT_MS, and DRAFT_QUIET_MS after the last change. Saves never
 * overlap: a change during a save waits for it, and only the latest body goes.
 */
export class DraftSaver {
  private latest: string | null = null;
  private saved: string | null = null;
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  private maxTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  /** When the last save was started (0: never), so the max wait counts from it, not from the next keystroke. */
  private lastFlushAt = 0;

  constructor(
    private readonly save: (body: string) => Promise<unknown> = (body) => ipc.draftSave(DRAFT_NAME, body),
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** The form changed: its new body will be saved soon. */
  change(body: string): void {
    if (this.stopped) return;
    this.latest = body;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flush(), DRAFT_QUIET_MS);
    const sinceFlush = Date.now() - this.lastFlushAt;
    this.maxTimer ??= setTimeout(() => this.flush(), Math.max(0, DRAFT_MAX_WAIT_MS - sinceFlush));
  }

  /** Saves what is pending now (e.g. when the page closes). */
  flush(): void {
    this.clearTimers();
    if (this.inFlight || this.stopped) return;
    const body = this.latest;
    if (body === null || body === this.saved) return;
    this.lastFlushAt = Date.now();
    this.inFlight = this.save(body)
      .then(() => {
        this.saved = body;
      })
      .catch(this.onError)
      .finally(() => {
        this.inFlight = null;
        // What was typed during the save goes next.
        if (this.latest !== this.saved && !this.quietTimer) this.flush();
      });
  }

  /** No more saves; resolves once a save under way has finished (so a discard after it sticks). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    while (this.inFlight) await this.inFlight;
  }

  /** Saves again after a stop (e.g. the complaint could not be opened). */
  resume(): void {
    this.stopped = false;
    this.saved = null;
  }

  private clearTimers(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.quietTimer = null;
    this.maxTimer = null;
  }
}
