import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  customer,
  FakeCore,
  importCounts,
  importOptions,
  importProgress,
  importReport,
  invalid,
} from "../../test/fakeCore";
import { openApp } from "../../test/render";

/** Intl puts a no-break space before "%" in Spanish. */
function text(element: HTMLElement): string {
  return (element.textContent ?? "").replace(/\u00a0/g, " ");
}

async function openPreview(core: FakeCore) {
  const view = await openApp("#/import");
  await view.user.click(screen.getByTestId("import-choose"));
  await screen.findByTestId("import-preview");
  expect(core.callsTo("import_preview")[0]?.args, "the first dry run detects how the file is written").toEqual({
    path: "/home/luna/pedidos.csv",
    options: null,
  });
  return view;
}

describe("import", () => {
  it("previews the file: detected settings, columns, sample, counts and each problem with its row", async () => {
    const core = new FakeCore();
    core.preview = importReport({
      problems: [
        { row: 5, column: "Fecha", field: "order_date", code: "date_invalid", value: "31/02/2024" },
        { row: 7, column: "", field: "order_number", code: "encoding_wrong", value: "" },
      ],
      problem_count: 4,
      counts: importCounts({ orders_new: 12, orders_present: 3, lines_new: 20, customers_new: 4, customers_present: 2, rows_skipped: 2 }),
    });
    await openPreview(core);

    const problems = screen.getAllByTestId("import-problem");
    const first = within(problems[0]!).getAllByRole("cell").map((c) => c.textContent);
    expect(first, "row, column header, what to do, and the offending value").toEqual([
      "Fila 5",
      "Fecha",
      "Fecha no válida: usa dd/mm/aaaa (o cambia arriba el orden de las fechas).",
      "31/02/2024",
    ]);
    expect(within(problems[1]!).getAllByRole("cell")[2]?.textContent).toContain("prueba arriba la codificación Windows-1252");
    expect(screen.getByTestId("import-problems-more").textContent, "problems beyond the list are counted").toBe(
      "Y 2 problemas más que no se muestran aquí.",
    );

    expect((screen.getByTestId("import-delimiter") as HTMLSelectElement).value).toBe("comma");
    expect((screen.getByTestId("import-date-order") as HTMLSelectElement).value).toBe("dmy");
    const dateColumn = screen.getByTestId("mapping-order_date") as HTMLSelectElement;
    expect(dateColumn.selectedOptions[0]?.textContent, "each field shows the file's column it was read from").toBe("Fecha");
    expect((screen.getByTestId("mapping-carrier") as HTMLSelectElement).selectedOptions[0]?.textContent).toBe(
      "— no está en el archivo —",
    );
    const sample = screen.getByTestId("import-sample");
    expect(within(sample).getAllByRole("columnheader").map((h) => h.textContent), "translated field names").toEqual([
      "Fila",
      "Número de pedido",
      "Fecha del pedido",
      "Nombre del cliente",
      "Precio unidad",
    ]);
    expect(screen.getByTestId("import-counts").textContent).toContain("Pedidos: 12 nuevos, 3 ya estaban, 0 se actualizarán");
    expect(screen.getByTestId("import-counts").textContent).toContain("Filas que se saltarán por tener problemas: 2");
    expect(screen.getByTestId("import-confirm").textContent, "the button says what will be imported").toBe(
      "Importar 12 pedidos y 4 clientes (se saltan las filas con problemas)",
    );
  });

  it("shows how far the dry run of a big file has read", async () => {
    const core = new FakeCore();
    let release = () => {};
    core.previewHold = {
      progress: importProgress(300, 1000, 45000, 15000, true),
      until: new Promise<void>((resolve) => (release = resolve)),
    };
    const { user } = await openApp("#/import");
    await user.click(screen.getByTestId("import-choose"));
    const reading = await screen.findByTestId("import-preview-progress");
    await waitFor(() => expect(text(reading)).toBe("30 % · 45.000 filas · 15.000 filas por segundo"));
    expect(screen.queryByTestId("import-progress"), "a dry run is not shown as an import").toBeNull();
    expect((screen.getByTestId("import-choose") as HTMLButtonElement).disabled, "one dry run at a time").toBe(true);
    await act(async () => release());
    await screen.findByTestId("import-preview");
    expect(screen.queryByTestId("import-preview-progress"), "the progress goes once the preview is shown").toBeNull();
  });

  it("runs the dry run again with the new delimiter when the owner changes it", async () => {
    const core = new FakeCore();
    const { user } = await openPreview(core);
    await user.selectOptions(screen.getByTestId("import-delimiter"), "semicolon");
    await waitFor(() => expect(core.callsTo("import_preview")).toHaveLength(2));
    expect(core.callsTo("import_preview")[1]?.args, "only the delimiter changes; the rest is kept").toEqual({
      path: "/home/luna/pedidos.csv",
      options: { ...importOptions(), delimiter: "semicolon" },
    });
    await waitFor(() => expect((screen.getByTestId("import-delimiter") as HTMLSelectElement).value).toBe("semicolon"));
  });

  it("shows a refused column next to its mapping row and does not let the import start", async () => {
    const core = new FakeCore();
    const { user } = await openPreview(core);
    core.previewFailure = invalid(["mapping.order_date", "column_required"]);
    await user.selectOptions(screen.getByTestId("mapping-order_date"), "");
    const error = await screen.findByTestId("error-mapping.order_date");
    expect(error.textContent).toBe("Este dato es obligatorio: elige la columna del archivo que lo contiene.");
    expect(core.callsTo("import_preview").at(-1)?.args.options, "the new mapping was sent").toMatchObject({
      mapping: expect.arrayContaining([{ field: "order_date", column: null }]),
    });
    expect((screen.getByTestId("mapping-order_date") as HTMLSelectElement).value, "the owner's choice stays on screen").toBe("");
    expect((screen.getByTestId("import-confirm") as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows the progress while importing, also in the sidebar when the owner leaves, then the result", async () => {
    const core = new FakeCore();
    core.importSteps = [importProgress(256, 1024, 12000, 2999.6)];
    core.importEnd = null;
    const { user } = await openPreview(core);
    await user.click(screen.getByTestId("import-confirm"));

    expect(core.callsTo("import_start")[0]?.args, "the import uses the options of the preview").toEqual({
      path: "/home/luna/pedidos.csv",
      options: importOptions(),
    });
    const progress = await screen.findByTestId("import-progress");
    await waitFor(() => expect(text(progress)).toBe("25 % · 12.000 filas · 3000 filas por segundo"));
    expect(within(progress).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("25");

    await user.click(screen.getByTestId("nav-customers"));
    await screen.findByRole("heading", { level: 1, name: "Clientes" });
    expect(text(screen.getByTestId("sidebar-import")), "the import keeps running elsewhere").toBe("Importando… 25 %");

    await act(() =>
      core.finishImport({
        report: importReport({
          counts: importCounts({ orders_new: 12, orders_present: 3, orders_updated: 1, customers_new: 4, customers_present: 2 }),
          committed: true,
        }),
        error: null,
      }),
    );
    expect(text(screen.getByTestId("sidebar-import"))).toBe("Importación terminada");
    await user.click(screen.getByTestId("sidebar-import"));
    const result = await screen.findByTestId("import-result");
    expect(text(result)).toContain("Pedidos: 12 nuevos, 3 ya estaban, 1 actualizados");
    expect(text(result)).toContain("Clientes: 4 nuevos, 2 ya estaban, 0 actualizados");

    await user.click(screen.getByTestId("import-again"));
    expect(screen.queryByTestId("import-result")).toBeNull();
    expect(screen.queryByTestId("sidebar-import"), "a dismissed result leaves the sidebar").toBeNull();
  });

  it("says nothing was saved when the owner cancels", async () => {
    const core = new FakeCore();
    core.importEnd = null;
    const { user } = await openPreview(core);
    await user.click(screen.getByTestId("import-confirm"));
    await user.click(await screen.findByTestId("import-cancel"));
    expect(core.callsTo("import_cancel")).toHaveLength(1);
    const result = await screen.findByTestId("import-result");
    expect(result.textContent).toContain("Importación cancelada: no se ha guardado nada");
    expect(result.textContent, "a cancelled import reports no counts").not.toContain("nuevos");
  });

  it("reports a second import in a translated banner", async () => {
    const core = new FakeCore();
    core.importRunning = true;
    const { user } = await openPreview(core);
    await user.click(screen.getByTestId("import-confirm"));
    expect((await screen.findByTestId("error-banner")).textContent).toContain("Ya hay una importación en marcha");
    expect(screen.queryByTestId("import-progress"), "a refused import shows no progress").toBeNull();
  });
});

describe("export", () => {
  it("exports customers with the chosen separator and says how many rows were written", async () => {
    const core = new FakeCore();
    core.customers = [customer(), customer(), customer()];
    const { user } = await openApp("#/import");
    const semicolon = screen.getByTestId("export-semicolon") as HTMLInputElement;
    expect(semicolon.checked, "a Spanish shop's Excel expects ; and 12,50").toBe(true);
    await user.click(screen.getByTestId("export-customers"));
    expect((await screen.findByTestId("export-done")).textContent).toBe("3 filas exportadas");
    expect(core.callsTo("export_pick_path")[0]?.args).toEqual({ name: "clientes.csv" });
    expect(core.callsTo("export_csv")[0]?.args).toEqual({ kind: "customers", path: "/tmp/clientes.csv", semicolon: true });

    await user.click(semicolon);
    await user.click(screen.getByTestId("export-orders"));
    await waitFor(() => expect(core.callsTo("export_csv")).toHaveLength(2));
    expect(core.callsTo("export_csv")[1]?.args).toEqual({ kind: "orders", path: "/tmp/pedidos.csv", semicolon: false });
    expect(await screen.findByText("0 filas exportadas")).toBeTruthy();
  });

  it("writes nothing when the owner closes the save dialog", async () => {
    const core = new FakeCore();
    core.exportPath = null;
    const { user } = await openApp("#/import");
    await user.click(screen.getByTestId("export-orders"));
    await waitFor(() => expect(core.callsTo("export_pick_path")).toHaveLength(1));
    expect(core.callsTo("export_csv"), "no file chosen, nothing exported").toHaveLength(0);
    expect(screen.queryByTestId("export-done")).toBeNull();
  });
});
