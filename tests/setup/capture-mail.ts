import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";

/**
 * A transport for deliverDueMail that renders each message with nodemailer itself (as SMTP would send it) and keeps
 * the raw text in `into`, so tests can read the real headers.
 */
export function capturingTransport(into: string[]): Transporter {
  const render = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    sendMail: async (message: SendMailOptions) => {
      const info = await render.sendMail(message);
      into.push((info.message as Buffer).toString("utf8"));
      return info;
    },
  } as unknown as Transporter;
}

/** The header block of a raw message, folded lines joined. */
export function headerBlock(raw: string): string {
  return raw.slice(0, raw.indexOf("\n\n")).replace(/\n[ \t]+/g, " ");
}
