import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { AppConfig } from '../../shared/config/app-config';
import type { OutboxMessageEntity } from '../persistence/outbox-message.entity';

/** Delivers one stored message; throws what the server said on failure. */
/** What a transport needs of an outbox message. */
export type DeliverableMessage = Pick<
  OutboxMessageEntity,
  'id' | 'messageId' | 'purpose' | 'recipientEmail' | 'recipientName' | 'subject' | 'html' | 'text' | 'attachments' | 'createdAt'
>;

export interface MailTransport {
  readonly description: string;
  send(message: DeliverableMessage): Promise<void>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MailTransport');

function mailOptions(message: DeliverableMessage, from: string) {
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

/** SMTP through nodemailer, one connection per message (no in-memory queue: the outbox is the queue). */
export function smtpTransport(config: AppConfig): MailTransport {
  const transporter = nodemailer.createTransport(config.smtpUrl!, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as never);
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
