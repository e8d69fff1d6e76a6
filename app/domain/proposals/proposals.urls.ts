/** The address of a proposal's photo; the file id in it changes with a new photo, so browsers may cache it long. */
export function photoUrl(p: { id: string; photoFileId: string | null }): string {
  return `/vorschlaege/${p.id}/foto?v=${p.photoFileId}`;
}
