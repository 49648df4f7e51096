import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { customer, FakeCore, order } from "../../test/fakeCore";
import { openApp } from "../../test/render";

const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

describe("a customer's personal data", () => {
  it("exports everything to a zip and says where, and says nothing when the dialog is cancelled", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz" });
    core.customers = [ana];
    const { user } = await openApp(`#/customers/${ana.id}`);

    core.customerExportPath = null;
    await user.click(await screen.findByTestId("customer-export"));
    await waitFor(() => expect(core.callsTo("customer_export")).toHaveLength(1));
    expect(screen.queryByTestId("customer-export-result"), "a cancelled save dialog is not an export").toBeNull();

    core.customerExportPath = "/home/luna/Documentos/ana.zip";
    await user.click(screen.getByTestId("customer-export"));
    const result = await screen.findByTestId("customer-export-result");
    expect(core.callsTo("customer_export")[1]?.args).toEqual({ id: ana.id });
    expect(result.textContent).toContain("7 filas de datos");
    expect(result.textContent).toContain("/home/luna/Documentos/ana.zip");
  });

  it("erases only after the owner types the customer's name, then shows the customer as erased", async () => {
    const core = new FakeCore();
    const ana = customer({ name: "Ana Ruiz Núñez", email: "ana@example.com", phone: "+34612345678", notes: "Prefiere llamadas" });
    core.customers = [ana];
    core.orders = [order({ customer_id: ana.id, number: "M00007" })];
    const { user } = await openApp(`#/customers/${ana.id}`);

    await user.click(await screen.findByTestId("customer-erase"));
    const dialog = screen.getByTestId("confirm-dialog");
    expect(dialog.textContent).toContain("¿Borrar los datos personales de Ana Ruiz Núñez?");
    expect(dialog.textContent).toContain("nombre, email, teléfono y notas");
    expect(dialog.textContent).toContain("cifras anónimas");
    expect(dialog.textContent).toContain("No se le volverá a enviar ningún email");
    expect(dialog.textContent).toContain("no se puede deshacer");
    const confirm = screen.getByTestId("customer-erase-confirm") as HTMLButtonElement;
    expect(confirm.disabled, "nothing typed yet").toBe(true);

    const input = screen.getByTestId("customer-erase-confirm-input");
    await user.type(input, "Ana Ruiz");
    expect(confirm.disabled, "part of the name is not enough").toBe(true);
    await user.clear(input);
    await user.type(input, "ana  ruiz nunez");
    expect(confirm.disabled, "case, accents and spaces do not matter").toBe(false);
    expect(core.callsTo("customer_erase"), "typing erases nothing").toHaveLength(0);

    await user.click(confirm);
    await waitFor(() => expect(core.callsTo("customer_erase")).toHaveLength(1));
    expect(core.callsTo("customer_erase")[0]?.args).toEqual({ id: ana.id });
    const erased = await screen.findByTestId("customer-erased");
    expect(within(erased).getByRole("heading", { level: 1 }).textContent).toBe("Cliente borrado");
    expect(screen.queryByTestId("customer-edit"), "an erased customer has nothing to edit").toBeNull();
    expect(screen.queryByTestId("customer-privacy")).toBeNull();
    expect(screen.queryByText("ana@example.com")).toBeNull();
    expect(screen.getAllByTestId("order-row"), "the orders stay, anonymous").toHaveLength(1);
  });

  it("shows a customer erased earlier as erased, with the date", async () => {
    const core = new FakeCore();
    const gone = customer({ name: "#41", id: 41, erased_at: new Date(2026, 2, 5, 12, 0).getTime() });
    core.customers = [gone];
    await openApp("#/customers/41");
    const erased = await screen.findByTestId("customer-erased");
    expect(erased.textContent).toContain("Cliente borrado");
    expect(plain(erased.textContent)).toContain("Cliente n.º 41. Sus datos personales se borraron el 5 mar 2026, 12:00");
    expect(screen.queryByTestId("customer-edit")).toBeNull();
    expect(screen.queryByTestId("customer-export")).toBeNull();
    expect(screen.queryByTestId("customer-erase")).toBeNull();
  });
});
