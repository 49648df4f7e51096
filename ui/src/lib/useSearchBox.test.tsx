import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { useSearchBox } from "./useSearchBox";

type Deferred = { query: string; resolve: (options: string[]) => void; reject: (err: unknown) => void };

/** A core whose answers come back only when the test says so, in any order. */
function slowCore() {
  const asked: Deferred[] = [];
  const search = vi.fn(
    (query: string) =>
      new Promise<string[]>((resolve, reject) => {
        asked.push({ query, resolve, reject });
      }),
  );
  return { asked, search };
}

function Box({
  search,
  onPick,
  onError = () => {},
  highlightFirst = false,
  keepLastAnswer = false,
  arrowMovesOnReopen = true,
}: {
  search: (query: string) => Promise<string[]>;
  onPick: (option: string) => void;
  onError?: (err: unknown) => void;
  highlightFirst?: boolean;
  keepLastAnswer?: boolean;
  arrowMovesOnReopen?: boolean;
}) {
  const [text, setText] = useState("");
  const box = useSearchBox({ text, delayMs: 40, search, onError, onPick, highlightFirst, keepLastAnswer, arrowMovesOnReopen });
  return (
    <>
      <input data-testid="box" aria-expanded={box.shown} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={box.onKeyDown} />
      <ul>
        {box.options.map((option, index) => (
          <li key={option} data-testid="option" aria-selected={index === box.active}>
            {option}
          </li>
        ))}
      </ul>
    </>
  );
}

const shownOptions = () => screen.queryAllByTestId("option").map((o) => o.textContent);
const highlighted = () => screen.queryAllByTestId("option").findIndex((o) => o.getAttribute("aria-selected") === "true");

describe("useSearchBox", () => {
  it("asks once the text settles, and never lets an older text's answer replace a newer one's", async () => {
    const { asked, search } = slowCore();
    const user = userEvent.setup();
    render(<Box search={search} onPick={() => {}} />);
    await user.type(screen.getByTestId("box"), "an");
    await waitFor(() => expect(asked.map((a) => a.query)).toEqual(["an"]));
    await user.type(screen.getByTestId("box"), "a");
    await waitFor(() => expect(asked.map((a) => a.query), "the settled text, trimmed, once").toEqual(["an", "ana"]));

    await act(async () => asked[1]!.resolve(["Ana"]));
    await act(async () => asked[0]!.resolve(["Ana", "Anabel", "Juana"]));
    expect(shownOptions(), "the answer for 'an' came last, but 'ana' is what is typed").toEqual(["Ana"]);
  });

  it("shows only the answer to the text as it is now, unless asked to keep the last one while typing", async () => {
    for (const keepLastAnswer of [false, true]) {
      const { asked, search } = slowCore();
      const user = userEvent.setup();
      const view = render(<Box search={search} onPick={() => {}} keepLastAnswer={keepLastAnswer} />);
      await user.type(screen.getByTestId("box"), "an");
      await waitFor(() => expect(asked).toHaveLength(1));
      await act(async () => asked[0]!.resolve(["Ana", "Anabel"]));
      expect(shownOptions()).toEqual(["Ana", "Anabel"]);
      await user.type(screen.getByTestId("box"), "ab");
      expect(shownOptions(), `keepLastAnswer=${keepLastAnswer}: the list while 'anab' is asked`).toEqual(
        keepLastAnswer ? ["Ana", "Anabel"] : [],
      );
      view.unmount();
    }
  });

  it("reports a failure only for the text still typed", async () => {
    const { asked, search } = slowCore();
    const onError = vi.fn();
    const user = userEvent.setup();
    render(<Box search={search} onPick={() => {}} onError={onError} />);
    await user.type(screen.getByTestId("box"), "x");
    await waitFor(() => expect(asked).toHaveLength(1));
    await user.type(screen.getByTestId("box"), "y");
    await waitFor(() => expect(asked).toHaveLength(2));
    await act(async () => asked[0]!.reject(new Error("old")));
    expect(onError, "a failure for an older text is not the owner's concern").not.toHaveBeenCalled();
    await act(async () => asked[1]!.reject(new Error("now")));
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it("moves round the list with the arrows, picks with Enter and closes with Escape", async () => {
    const search = vi.fn(async () => ["Ana", "Anabel", "Juana"]);
    const onPick = vi.fn();
    const user = userEvent.setup();
    render(<Box search={search} onPick={onPick} />);
    const box = screen.getByTestId("box");
    await user.type(box, "an");
    await waitFor(() => expect(shownOptions()).toHaveLength(3));
    expect(highlighted(), "nothing highlighted until an arrow is pressed").toBe(-1);

    await user.keyboard("{ArrowUp}");
    expect(highlighted(), "up from nothing goes to the last").toBe(2);
    await user.keyboard("{ArrowDown}");
    expect(highlighted(), "down from the last wraps to the first").toBe(0);
    await user.keyboard("{ArrowDown}");
    await user.keyboard("{Enter}");
    expect(onPick).toHaveBeenCalledWith("Anabel");

    await user.keyboard("{Escape}");
    expect(box.getAttribute("aria-expanded"), "Escape closes the list").toBe("false");
    expect(shownOptions()).toEqual([]);
    await user.keyboard("{Enter}");
    expect(onPick, "Enter on a closed list picks nothing").toHaveBeenCalledTimes(1);
    await user.keyboard("{ArrowDown}");
    expect(box.getAttribute("aria-expanded"), "an arrow reopens it").toBe("true");
    expect(highlighted(), "and moves on from where it was").toBe(2);
  });

  it("with the first highlighted, Enter takes it at once and an arrow only reopens a closed list", async () => {
    const search = vi.fn(async () => ["Ana", "Anabel"]);
    const onPick = vi.fn();
    const user = userEvent.setup();
    render(<Box search={search} onPick={onPick} highlightFirst arrowMovesOnReopen={false} />);
    await user.type(screen.getByTestId("box"), "an");
    await waitFor(() => expect(shownOptions()).toHaveLength(2));
    expect(highlighted()).toBe(0);
    await user.keyboard("{ArrowDown}{Escape}{ArrowDown}");
    expect(highlighted(), "reopened where it was").toBe(1);
    await user.keyboard("{Enter}");
    expect(onPick).toHaveBeenCalledWith("Anabel");
  });

  it("Enter with nothing highlighted takes the first option", async () => {
    const onPick = vi.fn();
    const user = userEvent.setup();
    render(<Box search={async () => ["Ana", "Anabel"]} onPick={onPick} />);
    await user.type(screen.getByTestId("box"), "an");
    await waitFor(() => expect(shownOptions()).toHaveLength(2));
    await user.keyboard("{Enter}");
    expect(onPick).toHaveBeenCalledWith("Ana");
  });
});
