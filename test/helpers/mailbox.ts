import { env } from "cloudflare:workers";

/** The newest dev-mailbox message to `to` (CHORUS_ENV=test keeps mail in D1). */
export async function lastMailTo(to: string) {
	return env.DB.prepare('SELECT subject, text FROM dev_mail WHERE "to" = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
		.bind(to.toLowerCase())
		.first<{ subject: string; text: string }>();
}

/** The `token` query parameter of the first link in a mail to `to` that goes to `path`. */
export async function tokenFromMail(to: string, path: string): Promise<string> {
	const mail = await lastMailTo(to);
	const match = mail?.text.match(new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`));
	if (!match?.[1]) throw new Error(`no ${path} link mailed to ${to}: ${mail?.text}`);
	return match[1];
}
