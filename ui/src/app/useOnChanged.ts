import { useEffect, useRef } from "react";
import { onChanged, type ChangedArea } from "../lib/ipc";

/** Runs `handler` whenever the core reports a write to one of `areas` (lists refresh from this, no polling). */
export function useOnChanged(areas: ChangedArea[], handler: () => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  const key = areas.join(",");
  useEffect(() => {
    const stop = onChanged(key.split(",") as ChangedArea[], () => latest.current());
    return () => {
      stop.then((unlisten) => unlisten()).catch(() => {});
    };
  }, [key]);
}
