import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { backupFile, FakeCore, failure } from "../../test/fakeCore";
import { openApp } from "../../test/render";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

function withBackups(core: FakeCore) {
  core.backups = [
    backupFile({ file_name: "posventa-daily.sqlite3", kind: "scheduled", taken_at: new Date(2026, 3, 20, 3, 0).getTime(), bytes: 2_500_000 }),
    backupFile({ file_name: "posventa-migration.sqlite3", kind: "before_migration", taken_at: new Date(2026, 3, 1, 9, 15).getTime(), bytes: 640_000 }),
  ];
}

describe("backups", () => {
  it("lists the copies with their date, kind and size, and makes one now", async () => {
    const core = new FakeCore();
    withBackups(core);
    const { user } = await openApp("#/settings/backups");
    const rows = await screen.findAllByTestId("backup-row");
    expect(screen.getByTestId("settings-tab-backups").getAttribute("aria-current")).toBe("page");
    expect(rows.map((r) => plain(r.textContent)), "newest first, as the core sends them").toEqual([
      "20 abr 2026, 3:00Diaria2,5 MBposventa-daily.sqlite3Restaurar…",
      "1 abr 2026, 9:15Antes de actualizar640 kBposventa-migration.sqlite3Restaurar…",
    ]);

    await user.click(screen.getByTestId("backup-now"));
    await waitFor(() => expect(core.callsTo("backup_now")).toHaveLength(1));
    expect((await screen.findByTestId("backup-result")).textContent).toContain("Copia hecha: posventa-manual-3.sqlite3");
    await waitFor(() => expect(screen.getAllByTestId("backup-row"), "the list shows the new copy").toHaveLength(3));
  });

  it("restores a listed copy only after confirmation, and says which safety copy was made", async () => {
    const core = new FakeCore();
    withBackups(core);
    const { user } = await openApp("#/settings/backups");
    await screen.findAllByTestId("backup-row");

    await user.click(screen.getByTestId("backup-restore-1"));
    const dialog = screen.getByTestId("confirm-dialog");
    expect(plain(dialog.textContent)).toContain("se sustituirán por los de la copia del 1 abr 2026, 9:15");
    expect(dialog.textContent).toContain("Antes se hará una copia de seguridad de los datos actuales");
    expect(core.callsTo("backup_restore"), "nothing is restored before the owner confirms").toHaveLength(0);

    await user.click(screen.getByTestId("confirm-cancel"));
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
    expect(core.callsTo("backup_restore")).toHaveLength(0);

    await user.click(screen.getByTestId("backup-restore-1"));
    await user.click(screen.getByTestId("backup-confirm"));
    await waitFor(() => expect(core.callsTo("backup_restore")).toHaveLength(1));
    expect(core.callsTo("backup_restore")[0]?.args).toEqual({ path: core.backups.at(-1)?.path });
    const result = await screen.findByTestId("backup-result");
    expect(result.textContent).toContain("Copia restaurada");
    expect(result.textContent, "names the copy of what was there before").toContain("posventa-before-restore.sqlite3");
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
  });

  it("restores from a chosen file, and explains a file that is not a backup", async () => {
    const core = new FakeCore();
    const { user } = await openApp("#/settings/backups");
    expect(await screen.findByTestId("backups-empty")).toBeTruthy();

    // Cancelling the file dialog asks nothing.
    await user.click(screen.getByTestId("backup-restore-file"));
    await waitFor(() => expect(core.callsTo("backup_pick_file")).toHaveLength(1));
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();

    core.pickedBackup = "/home/luna/Descargas/fotos.sqlite3";
    core.failures.set("backup_restore", failure("not_a_backup"));
    await user.click(screen.getByTestId("backup-restore-file"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog.textContent).toContain("/home/luna/Descargas/fotos.sqlite3");
    await user.click(screen.getByTestId("backup-confirm"));
    const result = await screen.findByTestId("backup-result");
    expect(result.getAttribute("role")).toBe("alert");
    expect(result.textContent).toBe("Ese archivo no es una copia de seguridad de Posventa o está dañado. No se ha cambiado nada.");
    expect(core.callsTo("backup_restore")[0]?.args).toEqual({ path: "/home/luna/Descargas/fotos.sqlite3" });
  });

  it("speaks English", async () => {
    const core = new FakeCore();
    core.settings.language = "en";
    withBackups(core);
    await openApp("#/settings/backups");
    const rows = await screen.findAllByTestId("backup-row");
    expect(within(rows[1]!).getByText("Before an update")).toBeTruthy();
    expect(screen.getByTestId("backup-now").textContent).toBe("Make a copy now");
  });
});
