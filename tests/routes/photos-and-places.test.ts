import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db";
import { countRows, createConsultation, createUser, sessionCookieFor } from "../setup/fixtures";
import { bodyOf, expectRedirect, routes } from "../setup/routes";
import { photoBytes } from "../setup/photos";
import { de } from "~/i18n/de";
import * as newProposal from "~/routes/beteiligungen.$id.vorschlag";
import * as editProposal from "~/routes/vorschlaege.$id.bearbeiten";
import * as photo from "~/routes/vorschlaege.$id.foto";
import * as proposalPage from "~/routes/vorschlaege.$id._index";
import * as consultationPage from "~/routes/beteiligungen.$id._index";
import * as exportRoute from "~/routes/beteiligungen.$id.export[.]geojson";
import * as mapRoute from "~/routes/beteiligungen.$id.karte";
import { setVisibility } from "../setup/moderation";
import { PHOTO_MAX_BYTES } from "~/domain/files/files.limits";
import { removeUnreferencedFiles } from "~/domain/files/files.server";
import { storedFilePath } from "~/domain/files/files.storage.server";
import fs from "node:fs";

const t = useTestDatabase();
const r = routes(t);

const fields = { title: "Bank am Spielplatz", body: "Eltern brauchen hier einen Platz zum Sitzen.", lat: "50.5519", lng: "9.6759" };

function multipart(
  values: Record<string, string>,
  file?: { bytes: Uint8Array<ArrayBuffer> | Buffer<ArrayBuffer>; name: string; type?: string },
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(values)) form.append(k, v);
  if (file) form.append("photo", new File([file.bytes], file.name, { type: file.type ?? "image/jpeg" }));
  return form;
}

async function setting() {
  const admin = await createUser(t.db, { role: "admin" });
  const consultation = await createConsultation(t.db, admin, "open");
  const resident = await createUser(t.db);
  return { admin, consultation, resident, cookie: await sessionCookieFor(t.db, resident) };
}

function submit(consultation: string, form: FormData, cookie: string) {
  return r.post(newProposal.action, `/beteiligungen/${consultation}/vorschlag`, { params: { id: consultation }, multipart: form, cookie });
}

const proposalRow = (id: string) => t.db.selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("a proposal with a photo", () => {
  it("is stored with the photo on disk, and the photo is served with its type", async () => {
    const { consultation, cookie } = await setting();
    const res = await submit(
      consultation,
      multipart(
        { ...fields, photoAlt: "Leere Wiese neben dem Spielplatz" },
        { bytes: await photoBytes("png"), name: "wiese.png", type: "image/png" },
      ),
      cookie,
    );
    const id = expectRedirect(res, /^\/vorschlaege\/\d+$/)
      .split("/")
      .pop()!;
    const row = await proposalRow(id);
    expect(row.photo_file_id).not.toBeNull();
    expect(row.photo_alt).toBe("Leere Wiese neben dem Spielplatz");
    const file = await t.db.selectFrom("stored_files").selectAll().executeTakeFirstOrThrow();
    expect(file).toMatchObject({ media_type: "image/png", original_name: "wiese.png" });

    const served = await r.get(photo.loader, `/vorschlaege/${id}/foto`, { params: { id } });
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    const bytes = new Uint8Array(await served.arrayBuffer());
    expect(bytes.byteLength).toBe(file.byte_size);
    expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const again = await r.get(photo.loader, `/vorschlaege/${id}/foto`, {
      params: { id },
      headers: { "If-None-Match": served.headers.get("ETag")! },
    });
    expect(again.status).toBe(304);
  });

  it("refuses a file that is no photo by its bytes, with the message at the field, and writes nothing", async () => {
    const { consultation, cookie } = await setting();
    const fake = new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>");
    const res = await submit(consultation, multipart({ ...fields, photoAlt: "Bild" }, { bytes: fake, name: "bild.jpg" }), cookie);
    expect(res.status).toBe(422);
    const body = await bodyOf(res);
    expect(body.fieldErrors.photo).toBe("photo_type");
    expect(body.values.title).toBe(fields.title);
    expect(de.errors.photo_type).toContain("JPEG");
    expect(await countRows(t.db, "proposals")).toBe(0);
    expect(await countRows(t.db, "stored_files")).toBe(0);
  });

  it("refuses an upload above the size limit with 413 and writes nothing", async () => {
    const { consultation, cookie } = await setting();
    const big = new Uint8Array(PHOTO_MAX_BYTES + 1024);
    big.set([0xff, 0xd8, 0xff]);
    const res = await submit(consultation, multipart({ ...fields, photoAlt: "Bild" }, { bytes: big, name: "gross.jpg" }), cookie);
    expect(res.status).toBe(413);
    expect((await bodyOf(res)).fieldErrors.photo).toBe("photo_too_large");
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("needs a description of the photo for people who cannot see it", async () => {
    const { consultation, cookie } = await setting();
    const res = await submit(consultation, multipart(fields, { bytes: await photoBytes("jpeg"), name: "a.jpg" }), cookie);
    expect(res.status).toBe(422);
    expect((await bodyOf(res)).fieldErrors.photoAlt).toBe("photo_alt_missing");
    expect(await countRows(t.db, "proposals")).toBe(0);
  });

  it("the author can replace and remove the photo; removing it also drops the description", async () => {
    const { consultation, cookie } = await setting();
    const id = expectRedirect(
      await submit(consultation, multipart({ ...fields, photoAlt: "Alt" }, { bytes: await photoBytes("jpeg"), name: "a.jpg" }), cookie),
      /^\/vorschlaege\/\d+$/,
    )
      .split("/")
      .pop()!;
    const first = (await proposalRow(id)).photo_file_id;
    const edit = (form: FormData) =>
      r.post(editProposal.action, `/vorschlaege/${id}/bearbeiten`, { params: { id }, multipart: form, cookie });
    // Editing text only keeps the photo and needs its description.
    expect((await edit(multipart(fields))).status).toBe(422);
    expectRedirect(await edit(multipart({ ...fields, photoAlt: "Alt" })), /hinweis=saved/);
    expect((await proposalRow(id)).photo_file_id).toBe(first);
    expectRedirect(
      await edit(multipart({ ...fields, photoAlt: "Neu" }, { bytes: await photoBytes("webp"), name: "b.webp", type: "image/webp" })),
      /hinweis=saved/,
    );
    const replaced = await proposalRow(id);
    expect(replaced.photo_file_id).not.toBe(first);
    expect(replaced.photo_alt).toBe("Neu");
    expectRedirect(await edit(multipart({ ...fields, removePhoto: "1" })), /hinweis=saved/);
    expect(await proposalRow(id)).toMatchObject({ photo_file_id: null, photo_alt: null });
    expect((await r.get(photo.loader, `/vorschlaege/${id}/foto`, { params: { id } })).status).toBe(404);
  });

  it("the photo of a hidden proposal is hidden from the public, not from moderators", async () => {
    const { admin, consultation, cookie } = await setting();
    const id = expectRedirect(
      await submit(consultation, multipart({ ...fields, photoAlt: "Alt" }, { bytes: await photoBytes("jpeg"), name: "a.jpg" }), cookie),
      /^\/vorschlaege\/\d+$/,
    )
      .split("/")
      .pop()!;
    expect((await setVisibility(t.db, admin, { type: "proposal", id }, { hide: true, reason: "Beleidigender Inhalt" })).ok).toBe(true);
    expect((await r.get(photo.loader, `/vorschlaege/${id}/foto`, { params: { id } })).status).toBe(404);
    expect((await r.get(photo.loader, `/vorschlaege/${id}/foto`, { params: { id }, cookie })).status).toBe(404);
    const moderator = await sessionCookieFor(t.db, admin);
    expect((await r.get(photo.loader, `/vorschlaege/${id}/foto`, { params: { id }, cookie: moderator })).status).toBe(200);
  });
});

describe("a hidden proposal", () => {
  it("sends the public nothing of its content: no place description, photo, photo description, point or answer", async () => {
    const { admin, consultation, cookie } = await setting();
    const id = expectRedirect(
      await submit(
        consultation,
        multipart(
          { ...fields, placeDescription: "GEHEIM Ort", photoAlt: "GEHEIM Alt" },
          { bytes: await photoBytes("jpeg"), name: "a.jpg" },
        ),
        cookie,
      ),
      /^\/vorschlaege\/\d+$/,
    )
      .split("/")
      .pop()!;
    await t.db
      .insertInto("proposal_answers")
      .values({ proposal_id: id, author_id: admin.id, status: "rejected", body_md: "GEHEIM Antwort" })
      .execute();
    expect((await setVisibility(t.db, admin, { type: "proposal", id }, { hide: true, reason: "Persönliche Daten" })).ok).toBe(true);
    for (const reader of [undefined, cookie]) {
      const page = await r.get(proposalPage.loader, `/vorschlaege/${id}`, { params: { id }, cookie: reader });
      const list = await r.get(consultationPage.loader, `/beteiligungen/${consultation}`, { params: { id: consultation }, cookie: reader });
      for (const res of [page, list]) expect(await res.text()).not.toContain("GEHEIM");
    }
    const forModerator = await r.get(proposalPage.loader, `/vorschlaege/${id}`, {
      params: { id },
      cookie: await sessionCookieFor(t.db, admin),
    });
    expect(await forModerator.text()).toContain("GEHEIM Ort");
  });
});

describe("a proposal placed by a described place (without the map)", () => {
  it("is stored without a point, is exported with a null geometry and does not appear on the map", async () => {
    const { consultation, cookie } = await setting();
    const res = await submit(
      consultation,
      multipart({ title: fields.title, body: fields.body, placeDescription: "Spielplatz im Lindenpark" }),
      cookie,
    );
    const id = expectRedirect(res, /^\/vorschlaege\/\d+$/)
      .split("/")
      .pop()!;
    expect(await proposalRow(id)).toMatchObject({ lat: null, lng: null, place_description: "Spielplatz im Lindenpark" });

    const geojson = await bodyOf(
      await r.get(exportRoute.loader, `/beteiligungen/${consultation}/export.geojson`, { params: { id: consultation } }),
    );
    expect(geojson.features).toHaveLength(1);
    expect(geojson.features[0].geometry).toBeNull();
    expect(geojson.features[0].properties.place).toBe("Spielplatz im Lindenpark");

    const map = await bodyOf(
      await r.get(mapRoute.loader, `/beteiligungen/${consultation}/karte?bbox=-90,-180,90,180&zoom=2`, { params: { id: consultation } }),
    );
    expect(map.clusters).toEqual([]);
  });

  it("also works as a plain urlencoded form (old browsers, no file field)", async () => {
    const { consultation, cookie } = await setting();
    const res = await r.post(newProposal.action, `/beteiligungen/${consultation}/vorschlag`, {
      params: { id: consultation },
      form: { title: fields.title, body: fields.body, placeDescription: "Marktplatz" },
      cookie,
    });
    expectRedirect(res, /^\/vorschlaege\/\d+$/);
  });

  it("needs a point or a described place; half a point is refused", async () => {
    const { consultation, cookie } = await setting();
    const none = await submit(consultation, multipart({ title: fields.title, body: fields.body }), cookie);
    expect(none.status).toBe(422);
    expect((await bodyOf(none)).fieldErrors.lat).toBe("location_missing");
    const half = await submit(consultation, multipart({ title: fields.title, body: fields.body, lat: "50.5" }), cookie);
    expect(half.status).toBe(422);
    expect((await bodyOf(half)).fieldErrors.lng).toBe("required");
    const tooLong = await submit(
      consultation,
      multipart({ title: fields.title, body: fields.body, placeDescription: "x".repeat(201) }),
      cookie,
    );
    expect((await bodyOf(tooLong)).fieldErrors.placeDescription).toBe("place_long");
    expect(await countRows(t.db, "proposals")).toBe(0);
  });
});

describe("checks before the body is read", () => {
  it("a guest's or a draft's photo upload is refused before the photo is processed", async () => {
    const { admin, consultation } = await setting();
    const broken = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]);
    const asGuest = await r.post(newProposal.action, `/beteiligungen/${consultation}/vorschlag`, {
      params: { id: consultation },
      multipart: multipart({ ...fields, photoAlt: "Alt" }, { bytes: broken, name: "a.jpg" }),
    });
    // login_required, not photo_invalid: the photo was never looked at.
    expect(asGuest.status).toBe(401);
    expect((await bodyOf(asGuest)).formError).toBe("login_required");
    const draft = await createConsultation(t.db, admin, "draft");
    const resident = await sessionCookieFor(t.db, await createUser(t.db));
    const toDraft = await submit(draft, multipart({ ...fields, photoAlt: "Alt" }, { bytes: broken, name: "a.jpg" }), resident);
    expect(toDraft.status).toBe(404);
  });

  it("someone else's proposal cannot be edited, whatever the body holds", async () => {
    const { consultation, cookie } = await setting();
    const id = expectRedirect(await submit(consultation, multipart(fields), cookie), /^\/vorschlaege\/\d+$/)
      .split("/")
      .pop()!;
    const other = await sessionCookieFor(t.db, await createUser(t.db));
    const res = await r.post(editProposal.action, `/vorschlaege/${id}/bearbeiten`, {
      params: { id },
      multipart: multipart({ title: "x" }),
      cookie: other,
    });
    expect(res.status).toBe(403);
    expect((await bodyOf(res)).formError).toBe("not_author");
  });
});

describe("cleaning up unused files", () => {
  it("removes a replaced photo's record and bytes after an hour, and keeps the photos in use", async () => {
    const { consultation, cookie } = await setting();
    const id = expectRedirect(
      await submit(consultation, multipart({ ...fields, photoAlt: "Alt" }, { bytes: await photoBytes("jpeg"), name: "a.jpg" }), cookie),
      /^\/vorschlaege\/\d+$/,
    )
      .split("/")
      .pop()!;
    const first = await t.db.selectFrom("stored_files").select(["id", "sha256"]).executeTakeFirstOrThrow();
    const edit = multipart({ ...fields, photoAlt: "Neu" }, { bytes: await photoBytes("png"), name: "b.png", type: "image/png" });
    expectRedirect(
      await r.post(editProposal.action, `/vorschlaege/${id}/bearbeiten`, { params: { id }, multipart: edit, cookie }),
      /hinweis=saved/,
    );
    expect(await removeUnreferencedFiles(t.db, new Date())).toBe(0); // not within the first hour
    expect(await removeUnreferencedFiles(t.db, new Date(Date.now() + 2 * 3600_000))).toBe(1);
    const left = await t.db.selectFrom("stored_files").select(["id", "sha256"]).execute();
    expect(left.map((f) => f.id)).not.toContain(first.id);
    expect(fs.existsSync(storedFilePath(first.sha256))).toBe(false);
    expect(fs.existsSync(storedFilePath(left[0].sha256))).toBe(true);
    expect((await r.get(photo.loader, `/vorschlaege/${id}/foto`, { params: { id } })).status).toBe(200);
  });
});
