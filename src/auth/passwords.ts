/** @module auth — password hashing (argon2id via Bun.password) and credential rules. */
export const hashPassword = (pw: string) => Bun.password.hash(pw, { algorithm: "argon2id" });
export const verifyPassword = (pw: string, hash: string) => Bun.password.verify(pw, hash).catch(() => false);
export const validEmail = (s: string) => /^[^\s@]+@[^\s@]+$/.test(s) && s.length <= 254;
