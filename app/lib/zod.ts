// The one import of zod. Zod 4 compiles fast parsers with `new Function`, and to find out whether it may, it tries
// `new Function("")` once: our Content-Security-Policy forbids that, so the browser reported a violation on every page
// that parsed a form. Without code generation ("jitless") zod never tries. The setting is read when a schema is
// built, so every schema module imports zod from here.
import { z } from "zod";

z.config({ jitless: true });

export { z };
