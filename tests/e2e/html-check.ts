import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Helpers for the HTML validity test: a plain HTTP client with a cookie jar (one per person, no JavaScript,
// like a browser with scripts off) and the Nu Html Checker (npm `vnu-jar`) run once over many pages.

export interface Answer {
  status: number;
  url: string;
  html: string;
  headers: Headers;
}

/** One person: their cookies, and GET/POST the way a browser without JavaScript sends forms. */
export class Visitor {
  private cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...rest] = pair.trim().split("=");
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, rest.join("="));
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return { "User-Agent": "html-validity-test", ...(cookie ? { Cookie: cookie } : {}), ...extra };
  }

  /** GET, following redirects (at most five) as a browser does. */
  async get(pathname: string): Promise<Answer> {
    let url = new URL(pathname, this.baseUrl).toString();
    for (let hop = 0; hop < 5; hop++) {
      const response = await fetch(url, { headers: this.headers(), redirect: "manual" });
      this.remember(response);
      const location = response.headers.get("Location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        url = new URL(location, url).toString();
        continue;
      }
      return { status: response.status, url, html: await response.text(), headers: response.headers };
    }
    throw new Error(`zu viele Weiterleitungen ab ${pathname}`);
  }

  /** POST a form (urlencoded, or multipart when `body` is FormData) from the app's own origin. */
  async post(pathname: string, body: Record<string, string> | FormData): Promise<Answer> {
    const url = new URL(pathname, this.baseUrl).toString();
    const response = await fetch(url, {
      method: "POST",
      headers: this.headers({ Origin: new URL(this.baseUrl).origin }),
      body: body instanceof FormData ? body : new URLSearchParams(body),
      redirect: "manual",
    });
    this.remember(response);
    const location = response.headers.get("Location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer();
      return this.get(location);
    }
    return { status: response.status, url, html: await response.text(), headers: response.headers };
  }

  async login(email: string, password: string) {
    const answer = await this.post("/anmelden", { email, password, weiter: "/" });
    if (!this.cookies.size) throw new Error(`Anmeldung als ${email} gescheitert (${answer.status})`);
  }
}

export interface CheckerMessage {
  type: "error" | "info" | "non-document-error";
  subType?: string;
  message: string;
  extract?: string;
  lastLine?: number;
  lastColumn?: number;
}

export const VNU_JAR = path.resolve("node_modules/vnu-jar/build/dist/vnu.jar");

/**
 * Checks many documents with one start of the Nu Html Checker (the JVM takes a second or two to start) and
 * returns each document's messages, in the order given.
 */
export async function checkHtml(documents: string[]): Promise<CheckerMessage[][]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ratschlag-vnu-"));
  try {
    const files = documents.map((html, i) => {
      const file = path.join(dir, `${String(i).padStart(4, "0")}.html`);
      fs.writeFileSync(file, html);
      return file;
    });
    const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, "bin", "java") : "java";
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        java,
        ["-Xss4m", "-jar", VNU_JAR, "--format", "json", "--stdout", "--exit-zero-always", ...files],
        { maxBuffer: 64 * 1024 * 1024 },
        (error, out, err) => (error ? reject(new Error(`vnu: ${error.message}\n${err}`)) : resolve(out)),
      ),
    );
    const { messages } = JSON.parse(stdout) as { messages: (CheckerMessage & { url?: string })[] };
    const byFile = new Map<string, CheckerMessage[]>(files.map((f) => [f, []]));
    for (const message of messages) {
      const file = message.url ? decodeURIComponent(new URL(message.url).pathname) : "";
      const list = byFile.get(file);
      if (!list) throw new Error(`vnu: Meldung ohne bekannte Datei: ${JSON.stringify(message)}`);
      list.push(message);
    }
    return files.map((f) => byFile.get(f)!);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per message, for a failure report: "error 12:34 message «extract»". */
export function describeMessage(m: CheckerMessage): string {
  const kind = m.type === "info" ? (m.subType ?? "info") : m.type;
  const where = m.lastLine ? ` ${m.lastLine}:${m.lastColumn ?? 0}` : "";
  const extract = m.extract ? ` «${m.extract.replace(/\s+/g, " ").trim().slice(0, 120)}»` : "";
  return `${kind}${where} ${m.message}${extract}`;
}
