import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { CommandError } from "../lib/ipc";
import { failure, FakeCore } from "../test/fakeCore";
import { ErrorsProvider, useErrors } from "./errors";
import { useLoaded } from "./useLoaded";

type Read = { id: number; resolve: (value: string) => void; reject: (err: unknown) => void };

/** Reads that answer only when the test says so, in any order. */
function slowReads() {
  const reads: Read[] = [];
  const load = vi.fn(
    (id: number) =>
      new Promise<string>((resolve, reject) => {
        reads.push({ id, resolve, reject });
      }),
  );
  return { reads, load };
}

const wrapper = ({ children }: { children: ReactNode }) => <ErrorsProvider>{children}</ErrorsProvider>;

function useSection(load: (id: number) => Promise<string>, id: number) {
  const loaded = useLoaded(() => load(id), [id], ["complaints"]);
  return { ...loaded, banner: useErrors().code };
}

describe("useLoaded", () => {
  it("reads on mount and again when the core reports a write to its area, not to another", async () => {
    const core = new FakeCore();
    let answer = "first";
    const load = vi.fn(async () => answer);
    const { result } = renderHook(() => useSection(load, 1), { wrapper });
    await waitFor(() => expect(result.current.data).toBe("first"));
    expect(load).toHaveBeenCalledTimes(1);

    answer = "second";
    await act(() => core.changed("orders"));
    expect(load, "a write elsewhere reads nothing").toHaveBeenCalledTimes(1);
    await act(() => core.changed("complaints"));
    await waitFor(() => expect(result.current.data, "a write to its area shows the new state").toBe("second"));
    expect(load).toHaveBeenCalledTimes(2);

    answer = "third";
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.data, "reload() reads again").toBe("third"));
  });

  it("drops the answer and the failure of a read for a customer no longer shown", async () => {
    new FakeCore();
    const { reads, load } = slowReads();
    const { result, rerender } = renderHook(({ id }) => useSection(load, id), { wrapper, initialProps: { id: 1 } });
    rerender({ id: 2 });
    rerender({ id: 3 });
    expect(reads.map((r) => r.id)).toEqual([1, 2, 3]);

    await act(async () => reads[2]!.resolve("customer 3"));
    await act(async () => reads[0]!.resolve("customer 1"));
    await act(async () => reads[1]!.reject(new CommandError(failure("internal"))));
    expect(result.current.data, "customer 1's late answer must not replace customer 3's").toBe("customer 3");
    expect(result.current.error, "nor customer 2's failure").toBeNull();
    expect(result.current.banner, "which is not reported either").toBeNull();
  });

  it("keeps what is on show through a failed read, reports it, and forgets the failure once a read succeeds", async () => {
    new FakeCore();
    const { reads, load } = slowReads();
    const { result } = renderHook(() => useSection(load, 1), { wrapper });
    await act(async () => reads[0]!.resolve("loaded"));

    act(() => result.current.reload());
    await act(async () => reads[1]!.reject(new CommandError(failure("not_found"))));
    expect(result.current.data, "the last answer stays on show").toBe("loaded");
    expect((result.current.error as CommandError).code, "the screen can branch on the failure's code").toBe("not_found");
    expect(result.current.banner, "and the banner says it").toBe("not_found");

    act(() => result.current.reload());
    await act(async () => reads[2]!.resolve("again"));
    expect(result.current.data).toBe("again");
    expect(result.current.error, "a successful read clears the failure").toBeNull();
  });
});
