import { describe, expect, it } from "vitest";
import { deleteRefusal, editableUntil, editRefusal } from "~/domain/comments/comments.policy";

const MINUTE = 60 * 1000;
const written = new Date("2026-11-23T10:00:00Z");
const after = (minutes: number) => new Date(written.getTime() + minutes * MINUTE);
const anna = { id: "7" };
const other = { id: "8" };
const comment = { authorId: "7", createdAt: written.toISOString(), hiddenAt: null, deletedAt: null };

describe("the comment edit window", () => {
  it("lets the author edit for 15 minutes after writing, not a moment longer", () => {
    expect(editableUntil(comment)).toEqual(after(15));
    expect(editRefusal(anna, comment, after(0))).toBeNull();
    expect(editRefusal(anna, comment, new Date(after(15).getTime() - 1))).toBeNull();
    expect(editRefusal(anna, comment, after(15))).toBe("edit_window_closed");
    expect(editRefusal(anna, comment, after(60 * 24))).toBe("edit_window_closed");
  });

  it("lets nobody else edit, and nobody edit a hidden or deleted comment", () => {
    expect(editRefusal(other, comment, after(1))).toBe("not_author");
    expect(editRefusal(null, comment, after(1))).toBe("not_author");
    expect(editRefusal(anna, { ...comment, hiddenAt: after(1).toISOString() }, after(2))).toBe("hidden");
    expect(editRefusal(anna, { ...comment, deletedAt: after(1).toISOString() }, after(2))).toBe("not_found");
  });
});

describe("deleting a comment", () => {
  it("only the author may delete, at any time; a hidden comment stays as the moderators left it", () => {
    expect(deleteRefusal(anna, comment)).toBeNull();
    expect(deleteRefusal(other, comment)).toBe("not_author");
    expect(deleteRefusal(null, comment)).toBe("not_author");
    expect(deleteRefusal(anna, { ...comment, hiddenAt: after(1).toISOString() })).toBe("hidden");
    // Deleting again is no error for the author; for anybody else it still is.
    expect(deleteRefusal(anna, { ...comment, deletedAt: after(1).toISOString() })).toBeNull();
    expect(deleteRefusal(other, { ...comment, deletedAt: after(1).toISOString() })).toBe("not_author");
  });
});
