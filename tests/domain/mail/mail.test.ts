import net from "node:net";
import { sql } from "kysely";
import type { Transporter } from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../setup/db";
import { register, verifyEmail } from "~/domain/accounts/accounts.server";
import { createTransport, deliverDueMail, enqueueMail, MAX_ATTEMPTS } from "~/domain/mail/mail.server";

const t = useTestDatabase();

const FROM = "Ratschlag <noreply@example.org>";
const quiet = () => {};

// A real SMTP server on a free local port; every message it receives is kept, decoded, in `received`.
interface ReceivedMail {
  envelopeTo: string[];
  headers: Record<string, string>;
  text: string;
}
const received: ReceivedMail[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          ...parseMessage(Buffer.concat(chunks).toString("utf8")),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
});

/** Headers (unfolded, RFC 2047 words decoded, names lower-cased) and the decoded text body of a simple text/plain mail. */
function parseMessage(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (encoding === "quoted-printable") body = decodeQuotedPrintable(body);
  else if (encoding === "base64") body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  return { headers, text: body.replace(/\r\n/g, "\n") };
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?") // whitespace between adjacent encoded words is not part of the text
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, "");
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(bytes.slice(i + 1, i + 3))) {
      out.push(parseInt(bytes.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(...Buffer.from(bytes[i], "utf8"));
    }
  }
  return Buffer.from(out).toString("utf8");
}

async function withTransport<T>(use: (transport: Transporter) => Promise<T>, url = `smtp://127.0.0.1:${port}`): Promise<T> {
  const transport = createTransport(url);
  if (!transport) throw new Error("no transport");
  try {
    return await use(transport);
  } finally {
    transport.close();
  }
}

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port: free } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
}

/** A transport whose server always answers with an error. */
const brokenTransport = {
  sendMail: async () => {
    throw new Error("451 Versuchen Sie es später");
  },
} as unknown as Transporter;

function outbox() {
  return t.db.selectFrom("mail_outbox").selectAll().orderBy("id").execute();
}

const sampleMail = {
  to: "einwohnerin@example.org",
  subject: "Ihr Vorschlag wurde beantwortet",
  body: "Guten Tag,\ndie Verwaltung hat auf Ihren Vorschlag „Mehr Bänke am Fluss“ geantwortet.\nViele Grüße",
};

describe("mail delivery", () => {
  it("delivers a queued mail over SMTP and marks it sent", async () => {
    await enqueueMail(t.db, sampleMail);
    const handled = await withTransport((transport) => deliverDueMail(t.db, { transport, from: FROM, log: quiet }));
    expect(handled).toBe(1);

    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.envelopeTo).toEqual(["einwohnerin@example.org"]);
    expect(mail.headers.to).toBe("einwohnerin@example.org");
    expect(mail.headers.from).toBe(FROM);
    expect(mail.headers.subject).toBe(sampleMail.subject);
    expect(mail.text.trim()).toBe(sampleMail.body);

    const [row] = await outbox();
    expect(row).toMatchObject({ status: "sent", attempts: 1, last_error: null });
    expect(row.sent_at).not.toBeNull();
  });

  it("sends each mail once: a second run finds nothing due", async () => {
    await enqueueMail(t.db, sampleMail);
    await enqueueMail(t.db, { ...sampleMail, to: "zweite@example.org" });
    await withTransport(async (transport) => {
      expect(await deliverDueMail(t.db, { transport, from: FROM, log: quiet })).toBe(2);
      expect(await deliverDueMail(t.db, { transport, from: FROM, log: quiet })).toBe(0);
    });
    expect(received.map((m) => m.envelopeTo[0]).sort()).toEqual(["einwohnerin@example.org", "zweite@example.org"]);
  });

  it("without SMTP, writes the mail to the log and keeps it readable in the outbox as 'logged'", async () => {
    await enqueueMail(t.db, sampleMail);
    const lines: string[] = [];
    expect(await deliverDueMail(t.db, { transport: null, from: FROM, log: (line) => lines.push(line) })).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(sampleMail.to);
    expect(lines[0]).toContain(sampleMail.subject);
    expect(lines[0]).toContain("„Mehr Bänke am Fluss“");
    const [row] = await outbox();
    expect(row).toMatchObject({ status: "logged", body_text: sampleMail.body });
    expect(received).toHaveLength(0);
  });

  it("keeps a mail pending for a later retry when the SMTP server cannot be reached", async () => {
    await enqueueMail(t.db, sampleMail);
    const lines: string[] = [];
    await withTransport(
      (transport) => deliverDueMail(t.db, { transport, from: FROM, log: (line) => lines.push(line) }),
      `smtp://127.0.0.1:${await closedPort()}`,
    );
    const [row] = await outbox();
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBeTruthy();
    expect(row.sent_at).toBeNull();
    // The retry waits: the mail is not due right away again.
    expect(row.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    expect(lines.join("\n")).toContain(sampleMail.to);
    await withTransport(async (transport) => {
      expect(await deliverDueMail(t.db, { transport, from: FROM, log: quiet })).toBe(0);
    });
    expect(received).toHaveLength(0);
  });

  it("retries a mail once it is due again, and then delivers it", async () => {
    await enqueueMail(t.db, sampleMail);
    await deliverDueMail(t.db, { transport: brokenTransport, from: FROM, log: quiet });
    await t.db
      .updateTable("mail_outbox")
      .set({ next_attempt_at: sql<Date>`now() - interval '1 second'` })
      .execute();
    await withTransport((transport) => deliverDueMail(t.db, { transport, from: FROM, log: quiet }));
    const [row] = await outbox();
    expect(row).toMatchObject({ status: "sent", attempts: 2, last_error: null });
    expect(received).toHaveLength(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} failed attempts and marks the mail failed`, async () => {
    await enqueueMail(t.db, sampleMail);
    let previousPause = 0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await deliverDueMail(t.db, { transport: brokenTransport, from: FROM, log: quiet })).toBe(1);
      const [row] = await outbox();
      expect(row.attempts).toBe(attempt);
      expect(row.last_error).toContain("451");
      if (attempt < MAX_ATTEMPTS) {
        expect(row.status).toBe("pending");
        // Pauses between attempts do not shrink.
        const pause = row.next_attempt_at.getTime() - Date.now();
        expect(pause).toBeGreaterThan(0);
        expect(pause).toBeGreaterThanOrEqual(previousPause - 5_000);
        previousPause = pause;
      } else {
        expect(row.status).toBe("failed");
      }
      // Let time pass until the next attempt is due.
      await t.db
        .updateTable("mail_outbox")
        .set({ next_attempt_at: sql<Date>`now() - interval '1 second'` })
        .execute();
    }
    // A failed mail is not tried again.
    expect(await deliverDueMail(t.db, { transport: brokenTransport, from: FROM, log: quiet })).toBe(0);
    const [row] = await outbox();
    expect(row).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
  });

  it("a failing mail does not hold up the others in the same run", async () => {
    await enqueueMail(t.db, { ...sampleMail, to: "kaputt@example.org" });
    await enqueueMail(t.db, { ...sampleMail, to: "heil@example.org" });
    // A transport that refuses one recipient only.
    await withTransport(async (real) => {
      const picky = {
        sendMail: (message: { to: string }) =>
          message.to === "kaputt@example.org" ? Promise.reject(new Error("550 unknown user")) : real.sendMail(message),
      } as unknown as Transporter;
      expect(await deliverDueMail(t.db, { transport: picky, from: FROM, log: quiet })).toBe(2);
    });
    const rows = await outbox();
    expect(rows.map((r) => [r.to_address, r.status])).toEqual([
      ["kaputt@example.org", "pending"],
      ["heil@example.org", "sent"],
    ]);
    expect(received.map((m) => m.envelopeTo[0])).toEqual(["heil@example.org"]);
  });

  it("delivers the verification mail of a registration end to end, and its link confirms the address", async () => {
    const meta = { clientIp: "192.0.2.10", publicUrl: "http://localhost:3000" };
    expect(
      await register(t.db, { email: "neu@example.org", displayName: "Jörg Neumann", password: "ein-sicheres-passwort" }, meta),
    ).toEqual({ ok: true });
    await withTransport((transport) => deliverDueMail(t.db, { transport, from: FROM, log: quiet }));

    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.envelopeTo).toEqual(["neu@example.org"]);
    expect(mail.headers.to).toBe("neu@example.org");
    expect(mail.headers.subject).toContain("Bitte bestätigen Sie Ihre E-Mail-Adresse");
    expect(mail.text).toContain("Hallo Jörg Neumann,");
    const link = /(http:\/\/localhost:3000\/bestaetigen\?token=\S+)/.exec(mail.text);
    expect(link).not.toBeNull();
    const [row] = await outbox();
    expect(row.status).toBe("sent");

    // The link as received works.
    const token = new URL(link![1]).searchParams.get("token")!;
    expect(await verifyEmail(t.db, token)).toEqual({ ok: true });
    const user = await t.db.selectFrom("users").select("email_verified_at").executeTakeFirstOrThrow();
    expect(user.email_verified_at).not.toBeNull();
  });
});
