import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { readInstant, readJson } from '../../platform/database/sql-executor';
import type { AppConfig } from '../../shared/config/app-config';
import type { OutboxAttachment, OutboxMessageEntity } from '../persistence/outbox-message.entity';

/** What a transport needs of an outbox message. */
export type DeliverableMessage = Pick<
  OutboxMessageEntity,
  'id' | 'messageId' | 'purpose' | 'recipientEmail' | 'recipientName' | 'subject' | 'html' | 'text' | 'attachments' | 'createdAt'
>;

/** The outbox columns a delivery reads, in raw SQL. */
export const DELIVERABLE_COLUMNS = 'id, message_id, purpose, recipient_email, recipient_name, subject, html, text, attachments, created_at';

/** Those columns as either database returns them. */
export interface DeliverableRow {
  id: number | string;
  message_id: string;
  purpose: string;
  recipient_email: string;
  recipient_name: string;
  subject: string;
  html: string;
  text: string;
  attachments: unknown;
  created_at: unknown;
}

export function deliverableFrom(row: DeliverableRow): DeliverableMessage {
  return {
    id: Number(row.id),
    messageId: row.message_id,
    purpose: row.purpose,
    recipientEmail: row.recipient_email,
    recipientName: row.recipient_name,
    subject: row.subject,
    html: row.html,
    text: row.text,
    attachments: readJson<OutboxAttachment[]>(row.attachments),
    createdAt: readInstant(row.created_at),
  };
}

export interface MailTransport {
  readonly description: string;
  send(message: DeliverableMessage): Promise<void>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MailTransport');

/** The message as nodemailer composes it (also the bench's raw nodemailer floor, so both send the same bytes). */
export function mailOptions(message: DeliverableMessage, from: string) {
  return {
    from,
    // An address object: nodemailer encodes the display name, so a name cannot add headers.
    to: { name: message.recipientName, address: message.recipientEmail },
    subject: message.subject,
    html: message.html,
    text: message.text,
    messageId: message.messageId,
    date: message.createdAt,
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Onramp-Purpose': message.purpose },
    attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'base64') })),
  };
}

/**
 * The pool's settings. `maxMessages` is nodemailer's default: a connection is replaced after 100
 * messages, which relays that cap messages per session accept. `maxRequeues` is 1: a message whose
 * pooled connection the server closed just as it was handed over (an idle timeout, a restart) is
 * tried once more on a fresh connection at once; beyond that it fails, and the outbox retries it
 * with its own backoff and records the attempt (nodemailer's memory queue is not the queue).
 */
export const SMTP_POOL = { maxMessages: 100, maxRequeues: 1 } as const;

/**
 * SMTP through a pooled nodemailer transport: up to `smtpMaxConnections` connections
 * (ONRAMP_SMTP_MAX_CONNECTIONS), each kept open and reused for the next message, so a message costs
 * one SMTP transaction rather than a TCP connection, a greeting and EHLO as well. `send` resolves
 * only once the server has accepted the message; messages handed over while every connection is busy
 * wait in the pool's memory queue, bounded by the mail worker's job concurrency (see MailWorker).
 * `close` closes the idle connections at once and each busy one after its delivery.
 */
export function smtpTransport(config: AppConfig): MailTransport {
  // One options object with the URL in it: createTransport(url, options) would read these as message defaults and ignore them.
  const transporter = nodemailer.createTransport({
    url: config.smtpUrl!,
    pool: true,
    maxConnections: config.smtpMaxConnections,
    ...SMTP_POOL,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const url = new URL(config.smtpUrl!);
  return {
    description: `SMTP ${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`,
    async send(message) {
      await transporter.sendMail(mailOptions(message, config.mailFrom));
    },
    close: () => transporter.close(),
  };
}

/** Without SMTP_URL: each message becomes an .eml file in ONRAMP_MAIL_DIR, which any mail client opens. */
export function fileTransport(config: AppConfig): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    description: `files in ${config.mailDir}`,
    async send(message) {
      const info = (await transporter.sendMail(mailOptions(message, config.mailFrom))) as unknown as { message: Buffer };
      mkdirSync(config.mailDir, { recursive: true });
      const stamp = message.createdAt.toISOString().replace(/[:.]/g, '-');
      writeFileSync(join(config.mailDir, `${stamp}-${message.purpose}-${message.id}.eml`), info.message);
    },
    close: () => transporter.close(),
  };
}

export function createMailTransport(config: AppConfig): MailTransport {
  return config.smtpUrl ? smtpTransport(config) : fileTransport(config);
}
