// Generated from the Rust types by src-tauri/bindings.rs. Do not edit.

import type { CollectorState } from "./bindings";

export type Security = "starttls" | "tls" | "none";

export type MailSettings = { 
/**
 * Empty: no relay, messages are written as .eml files.
 */
host: string, port: number, security: Security, username: string, from_name: string, from_address: string, reply_to: string, 
/**
 * Messages per second; 0 = no limit.
 */
per_second: number, 
/**
 * Messages per hour; 0 = no limit.
 */
per_hour: number, 
/**
 * Concurrent SMTP connections, 1..=8.
 */
connections: number, };

export type MailSettingsView = { settings: MailSettings, 
/**
 * A password is stored in the system's credential store (never shown).
 */
has_password: boolean, relay_configured: boolean, 
/**
 * The folder of .eml files written while no relay is configured.
 */
outbox_dir: string, };

export type CampaignProgress = { campaign_id: number, sent: number, failed: number, skipped: number, remaining: number, msgs_per_s: number, };

export type TestReport = { ok: boolean, 
/**
 * `sent`, `saved`, `temporary`, `permanent`, `auth_failed` or `tls_failed`.
 */
outcome: string, code: number | null, reply: string, };

export type PreviewPage = { subject: string, text: string, 
/**
 * Where the sandboxed frame loads the HTML part from.
 */
url: string, };

export type CollectorView = { state: CollectorState, 
/**
 * A shared secret is stored in the system's credential store.
 */
has_secret: boolean, };
