// Rules of the frontend that no single screen test would notice breaking.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

function appFiles(dir = __dirname): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "test" ? [] : appFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("frontend rules", () => {
  const files = appFiles().map((path) => ({ path: relative(__dirname, path), source: readFileSync(path, "utf8") }));

  it("never renders customer text as markup", () => {
    const offenders = files.filter((f) => /dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML/.test(f.source));
    expect(offenders.map((f) => f.path), "customer text is data, never markup").toEqual([]);
  });

  it("talks to the Tauri shell only through lib/ipc.ts", () => {
    const offenders = files.filter((f) => f.path !== join("lib", "ipc.ts") && /from\s+["']@tauri-apps\//.test(f.source));
    expect(offenders.map((f) => f.path), "pages call ipc.ts; only it imports @tauri-apps").toEqual([]);
    expect(files.some((f) => f.path === join("lib", "ipc.ts")), "the scan sees ipc.ts").toBe(true);
  });

  it("loads nothing from the network (strict CSP: only 'self')", () => {
    const css = readFileSync(join(__dirname, "styles.css"), "utf8");
    const html = readFileSync(join(__dirname, "..", "index.html"), "utf8");
    for (const [name, text] of [["styles.css", css], ["index.html", html], ...files.map((f) => [f.path, f.source])]) {
      expect(/https?:\/\/|@import\s+url/.test(text ?? ""), `${name} must not reference remote resources`).toBe(false);
    }
  });
});
