import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DraftSaver, EMPTY_FORM, parseDraft } from "./draft";
import { parseDuration } from "./labels";

describe("draft saver", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_776_000_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it("saves at least every 400 ms while typing goes on, and shortly after the last keystroke", async () => {
    const saved: { at: number; body: string }[] = [];
    const saver = new DraftSaver(async (body) => {
      saved.push({ at: Date.now(), body });
    });
    const start = Date.now();
    let text = "";
    // Two seconds of steady typing, a key every 60 ms.
    for (let i = 0; i < 34; i++) {
      text += "a";
      saver.change(text);
      await vi.advanceTimersByTimeAsync(60);
    }
    const lastKey = Date.now() - 60;
    await vi.advanceTimersByTimeAsync(1000);
    const times = [start, ...saved.map((s) => s.at)];
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps.slice(0, -1)), "no gap longer than 400 ms while typing").toBeLessThanOrEqual(400);
    expect(saved.at(-1)?.body, "the last text is saved").toBe(text);
    expect(saved.at(-1)!.at - lastKey, "within 300 ms of the last keystroke").toBeLessThanOrEqual(300);
  });

  it("never overlaps saves, and sends only the latest text after a slow one", async () => {
    let running = 0;
    let most = 0;
    const bodies: string[] = [];
    const saver = new DraftSaver(async (body) => {
      running += 1;
      most = Math.max(most, running);
      bodies.push(body);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      running -= 1;
    });
    saver.change("a");
    await vi.advanceTimersByTimeAsync(10);
    saver.change("ab");
    saver.change("abc");
    await vi.advanceTimersByTimeAsync(500);
    saver.change("abcd");
    await vi.advanceTimersByTimeAsync(5000);
    expect(most, "one save at a time").toBe(1);
    expect(bodies, "what was typed during a save goes next, only its latest state").toEqual(["a", "abcd"]);
  });

  it("stops: a save under way finishes first, none follows", async () => {
    const bodies: string[] = [];
    const saver = new DraftSaver(async (body) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      bodies.push(body);
    });
    saver.change("a");
    await vi.advanceTimersByTimeAsync(10);
    saver.change("ab");
    let stopped = false;
    void saver.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(stopped).toBe(true);
    expect(bodies, "nothing is saved after the stop (a discard after it sticks)").toEqual(["a"]);
  });
});

describe("draft bodies", () => {
  it("read back what was typed and ignore empty or broken ones", () => {
    expect(parseDraft(JSON.stringify({ ...EMPTY_FORM, description: "Hola" }))?.description).toBe("Hola");
    expect(parseDraft(JSON.stringify(EMPTY_FORM)), "nothing typed is no draft").toBeNull();
    expect(parseDraft("{not json")).toBeNull();
    expect(parseDraft("null")).toBeNull();
  });
});

describe("call durations", () => {
  it("read minutes or minutes:seconds", () => {
    expect(parseDuration("5")).toBe(300);
    expect(parseDuration(" 5:30 ")).toBe(330);
    expect(parseDuration("0:45")).toBe(45);
    expect(parseDuration("5:75")).toBeNull();
    expect(parseDuration("cinco")).toBeNull();
    expect(parseDuration("")).toBeNull();
  });
});
