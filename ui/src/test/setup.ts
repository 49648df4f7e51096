import { cleanup } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach } from "vitest";
import i18n from "../i18n";

afterEach(async () => {
  cleanup();
  clearMocks();
  window.location.hash = "";
  await i18n.changeLanguage("es");
});
