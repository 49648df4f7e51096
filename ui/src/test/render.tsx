import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import "../i18n";

/** Opens the app at `hash`, as the Tauri window would. */
export async function openApp(hash = "#/customers") {
  window.location.hash = hash;
  const user = userEvent.setup();
  const view = render(<App />);
  // The shell waits for the settings before showing a page.
  await screen.findByRole("heading", { level: 1 });
  return { user, ...view };
}
