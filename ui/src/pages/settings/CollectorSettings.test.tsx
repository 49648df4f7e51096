import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeCore, failure } from "../../test/fakeCore";
import { openApp } from "../../test/render";
import { splitLastError } from "./CollectorSettings";

const SECRET = "ab".repeat(32);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("response collector settings", () => {
  it("saves an https address and refuses one that is not", async () => {
    const core = new FakeCore();
    const { user } = await openApp("#/settings/email/collector");
    const section = await screen.findByTestId("collector-settings");
    expect((await within(section).findByTestId("collector-off")).textContent, "without a collector, answers are typed by hand").toContain(
      "se anotan a mano",
    );
    expect(section.textContent, "the owner learns where to read how to run it").toContain("README");

    await user.type(screen.getByTestId("collector-url"), "http://encuestas.luna.es");
    await user.click(screen.getByTestId("collector-save"));
    expect((await screen.findByTestId("error-collector_url")).textContent).toContain("empezando por https://");
    expect(screen.getByTestId("collector-url").getAttribute("aria-invalid")).toBe("true");

    await user.clear(screen.getByTestId("collector-url"));
    await user.type(screen.getByTestId("collector-url"), "https://encuestas.luna.es/");
    await user.click(screen.getByTestId("collector-save"));
    expect((await screen.findByTestId("collector-saved")).textContent).toBe("Recolector guardado.");
    expect(core.callsTo("collector_save").at(-1)?.args).toEqual({ url: "https://encuestas.luna.es/" });
    expect((screen.getByTestId("collector-url") as HTMLInputElement).value, "the address as the core stored it").toBe(
      "https://encuestas.luna.es",
    );
    expect(screen.queryByTestId("collector-off")).toBeNull();
  });

  it("generates a secret, shows and copies it, and warns before replacing it", async () => {
    const core = new FakeCore();
    core.collector = { state: { ...core.collector.state, url: "https://encuestas.luna.es" }, has_secret: false };
    const { user } = await openApp("#/settings/email");
    // After openApp: user-event installs its own clipboard stub on setup.
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    expect((await screen.findByTestId("collector-secret-state")).textContent).toContain("Aún no hay secreto");

    await user.click(screen.getByTestId("collector-secret-new"));
    expect((await screen.findByTestId("collector-secret")).textContent).toBe(SECRET);
    expect(screen.getByTestId("collector-secret-box").textContent).toContain("POSVENTA_COLLECTOR_SECRET");
    await user.click(screen.getByTestId("collector-secret-copy"));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect((await screen.findByTestId("collector-secret-copied")).textContent).toBe("Copiado al portapapeles.");

    await user.click(screen.getByTestId("collector-secret-hide"));
    expect(screen.queryByTestId("collector-secret"), "hidden again").toBeNull();
    await user.click(screen.getByTestId("collector-secret-show"));
    expect((await screen.findByTestId("collector-secret")).textContent).toBe(SECRET);
    expect(core.callsTo("collector_secret_reveal")).toHaveLength(1);

    await user.click(screen.getByTestId("collector-secret-new"));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent, "a new secret breaks the links already sent").toContain("ya enviadas dejarán de funcionar");
    expect(core.callsTo("collector_secret_new"), "nothing replaced before confirming").toHaveLength(1);
    await user.click(within(dialog).getByTestId("collector-secret-new-confirm"));
    await waitFor(() => expect(core.callsTo("collector_secret_new")).toHaveLength(2));
  });

  it("selects the secret when the clipboard is not available", async () => {
    const core = new FakeCore();
    core.collector = { ...core.collector, has_secret: true };
    core.collectorSecret = SECRET;
    const { user } = await openApp("#/settings/email");
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: () => Promise.reject(new Error("denied")) },
      configurable: true,
    });
    await user.click(await screen.findByTestId("collector-secret-show"));
    await user.click(await screen.findByTestId("collector-secret-copy"));
    expect((await screen.findByTestId("collector-secret-copied")).textContent).toContain("pulsa Ctrl+C");
    expect(window.getSelection()?.toString(), "the text is selected for copying by hand").toBe(SECRET);
  });

  it("syncs now and says what it brought, or why it failed", async () => {
    const core = new FakeCore();
    core.collector = {
      state: { url: "https://encuestas.luna.es", cursor: 0, last_sync_at: null, last_error: "" },
      has_secret: true,
    };
    core.syncCounts = { answers_new: 3, answers_changed: 1, unsubscribes: 2, ignored: 4 };
    const { user } = await openApp("#/settings/email");
    expect((await screen.findByTestId("collector-last-sync")).textContent).toBe("Nunca");
    await user.click(screen.getByTestId("collector-sync"));
    expect((await screen.findByTestId("collector-sync-result")).textContent).toBe(
      "Sincronizado: 3 respuestas nuevas, 1 cambiada, 2 bajas.",
    );
    await waitFor(() => expect(screen.getByTestId("collector-last-sync").textContent).not.toBe("Nunca"));

    core.syncCounts = { answers_new: 0, answers_changed: 0, unsubscribes: 0, ignored: 0 };
    await user.click(screen.getByTestId("collector-sync"));
    await waitFor(() => expect(screen.getByTestId("collector-sync-result").textContent).toBe("Sincronizado: nada nuevo."));

    core.failures.set("collector_sync", { ...failure("collector_unreachable"), message: "connection refused (os error 111)" });
    core.collector = { ...core.collector, state: { ...core.collector.state, last_error: "connection refused (os error 111)" } };
    await user.click(screen.getByTestId("collector-sync"));
    await waitFor(() => expect(screen.getByTestId("collector-sync-result").textContent).toContain("No se ha podido conectar con el recolector"));
    expect(screen.getByTestId("collector-sync-result").textContent).toContain("connection refused");
    expect((await screen.findByTestId("collector-last-error")).textContent).toContain("La última sincronización falló");

    // A sync by the background timer reloads the state.
    core.collector = { ...core.collector, state: { ...core.collector.state, last_error: "" } };
    await act(() => core.changed("surveys"));
    await waitFor(() => expect(screen.queryByTestId("collector-last-error")).toBeNull());
  });

  it("cannot sync before the address and the secret are set", async () => {
    new FakeCore();
    await openApp("#/settings/email");
    const button = (await screen.findByTestId("collector-sync")) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
  });

  it("reads a stored error that starts with one of the app's codes", () => {
    expect(splitLastError("collector_unauthorized: 401")).toEqual({ code: "collector_unauthorized", detail: "401" });
    expect(splitLastError("collector_unreachable")).toEqual({ code: "collector_unreachable", detail: "" });
    expect(splitLastError("error sending request: timed out"), "other text is shown as it is").toEqual({
      code: null,
      detail: "error sending request: timed out",
    });
  });
});
