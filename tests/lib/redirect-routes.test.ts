import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { createConsultation, createProposal, createUser, FIXTURE_PASSWORD, sessionCookieFor } from "../setup/fixtures";
import { expectRedirect, routes } from "../setup/routes";
import * as followProposal from "~/routes/vorschlaege.$id.folgen";
import * as followConsultation from "~/routes/beteiligungen.$id.folgen";
import * as login from "~/routes/anmelden";
import * as language from "~/routes/sprache";

// Every route that redirects to a target from a form (weiter, redirectTo) goes through the one redirect helper, and
// the Location it sends is on this site and a valid header (issue 8, items 14 and 19).

const t = useTestDatabase();
const r = routes(t);

const ESCAPES = ["/.//angreifer.example", "/..//angreifer.example", "/%2e//angreifer.example", "/a/..//angreifer.example"];

async function setting() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const proposal = await createProposal(t.db, consultation, admin, "Mehr Bänke am Fluss");
  const resident = await createUser(t.db);
  return { consultation, proposal, resident, cookie: await sessionCookieFor(t.db, resident) };
}

describe("the follow routes' way back", () => {
  it("dot segments in `weiter` never give Location //angreifer.example, on proposals and consultations", async () => {
    const { consultation, proposal, cookie } = await setting();
    for (const weiter of ESCAPES) {
      const onProposal = await r.post(followProposal.action, `/vorschlaege/${proposal}/folgen`, {
        params: { id: proposal },
        form: { folgen: "1", weiter },
        cookie,
      });
      expectRedirect(onProposal, `/vorschlaege/${proposal}?hinweis=followed`);
      const onConsultation = await r.post(followConsultation.action, `/beteiligungen/${consultation}/folgen`, {
        params: { id: consultation },
        form: { folgen: "0", weiter },
        cookie,
      });
      expectRedirect(onConsultation, `/beteiligungen/${consultation}?hinweis=unfollowed`);
    }
  });

  it("a target with non-ASCII characters is encoded, not a 500", async () => {
    const { proposal, cookie } = await setting();
    const response = await r.post(followProposal.action, `/vorschlaege/${proposal}/folgen`, {
      params: { id: proposal },
      form: { folgen: "1", weiter: "/konto?liste=für alle#oben" },
      cookie,
    });
    expectRedirect(response, "/konto?liste=f%C3%BCr+alle&hinweis=followed#oben");
  });
});

describe("login and the language switch", () => {
  it("login with weiter=/€ goes to the encoded path; with a dot-segment escape to the start page", async () => {
    const user = await createUser(t.db, { email: "anna@example.org" });
    expect(user.email).toBe("anna@example.org");
    const post = (weiter: string) =>
      r.post(login.action, "/anmelden", { form: { email: "anna@example.org", password: FIXTURE_PASSWORD, weiter } });
    expectRedirect(await post("/€"), "/%E2%82%AC");
    expectRedirect(await post("/ //angreifer.example"), "/%20//angreifer.example");
    for (const weiter of ESCAPES) expectRedirect(await post(weiter), "/");
  });

  it("the language switch with redirectTo=/€ goes to the encoded path", async () => {
    const post = (redirectTo: string) => r.post(language.action, "/sprache", { form: { locale: "en", redirectTo } });
    expectRedirect(await post("/€"), "/%E2%82%AC");
    for (const redirectTo of ESCAPES) expectRedirect(await post(redirectTo), "/");
  });
});
