import argon2 from "argon2";

// Argon2id with OWASP's minimum: 19 MiB memory, 2 iterations, 1 lane.
const options = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * A fixed hash with the same parameters as `options` (of a password nobody knows). A login for an address that has
 * no account is checked against it, so both answers cost exactly one Argon2 verification and timing does not reveal
 * which addresses are registered. A test keeps its parameters equal to `options`.
 */
export const UNKNOWN_ACCOUNT_HASH = "$argon2id$v=19$m=19456,p=1,t=2$h0hEX7RTyj5G8qedBbaTZg$06RxJkfp2Egj5fRpTvIcLYC2MX55cthk9oMY1yQ9dXc";

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

/**
 * Checks a password against an account's stored hash, or, when there is no account (`null`), against
 * UNKNOWN_ACCOUNT_HASH, which is never a match. Either way exactly one Argon2 verification runs.
 */
export async function checkPassword(storedHash: string | null, password: string): Promise<boolean> {
  let valid: boolean;
  try {
    valid = await argon2.verify(storedHash ?? UNKNOWN_ACCOUNT_HASH, password);
  } catch {
    valid = false;
  }
  return valid && storedHash !== null;
}
