import { z } from "~/lib/zod";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const email = z.string().trim().toLowerCase().max(254, "email_invalid").pipe(z.email("email_invalid"));

export const registrationSchema = z.object({
  email,
  displayName: z.string().trim().min(2, "display_name_short").max(60, "display_name_long"),
  password: z.string().min(PASSWORD_MIN, "password_short").max(PASSWORD_MAX, "password_long"),
});
export type RegistrationInput = z.infer<typeof registrationSchema>;

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "email_invalid").max(254, "email_invalid"),
  password: z.string().min(1, "password_missing").max(PASSWORD_MAX, "password_long"),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const loginLinkSchema = z.object({ email });
export type LoginLinkInput = z.infer<typeof loginLinkSchema>;
