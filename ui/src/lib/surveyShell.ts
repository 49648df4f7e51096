// Payloads of the survey commands that the shell (not the core) builds.
// Hand-written for now: they will be generated from Rust with ts-rs like
// bindings.ts once the shell's collector commands land; keep them in step.
import type { CollectorState } from "./bindings";

/** The collector's settings and sync state, and whether a shared secret is in the OS keychain. */
export type CollectorView = { state: CollectorState; has_secret: boolean };
