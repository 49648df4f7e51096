// Types of the mail engine's payloads, written by hand for now: they will be
// generated from Rust (ts-rs, like bindings.ts) once the mail crate's
// commands are wired into the shell. Keep them identical to the Rust side.
export type Security = "starttls" | "tls" | "none";
export type MailSettings = { host: string, port: number, security: Security, username: string, from_name: string, from_address: string, reply_to: string, per_second: number, per_hour: number, connections: number };
export type MailSettingsView = { settings: MailSettings, has_password: boolean, relay_configured: boolean, outbox_dir: string };
export type CampaignProgress = { campaign_id: number, sent: number, failed: number, skipped: number, remaining: number, msgs_per_s: number };
export type SendOutcome = { ok: boolean, code: number | null, reply: string };
export type MessagePreview = { subject: string, html: string, text: string };
