// Limits of uploaded photos; shared by the server's checks and the form's early hint in the browser.
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;

// Documents a consultation can attach: plans as PDF, office files, pictures, and GeoJSON for plan areas.
export const DOCUMENT_MAX_BYTES = 25 * 1024 * 1024;
export const DOCUMENT_ACCEPT = ".pdf,.odt,.docx,.xlsx,.png,.jpg,.jpeg,.geojson,.json";
