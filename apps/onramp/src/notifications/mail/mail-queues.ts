/** The job queue that delivers one outbox message per job. */
export const MAIL_DELIVERY_QUEUE = 'mail-delivery';
