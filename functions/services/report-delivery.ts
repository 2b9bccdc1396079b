/**
 * Telling people a report is ready: a Slack-compatible message (Slack, Mattermost, Discord's /slack
 * endpoint, and anything that takes `{ text }`) with the headline numbers, the top standouts and a
 * link to the run.
 */
import { summarizeError, summarizeErrorText } from "../../domain/error-summary";
import { checkOutboundUrl } from "../../domain/outbound-url";
import type { ReportData } from "../../domain/reports/model";
import { guardedFetch, outboundOptions } from "../outbound";

/** Why Chorus will not post to this URL (the shared outbound guard), or null when it may. */
export function deliveryUrlProblem(raw: string, env: Pick<Env, "CHORUS_ENV">): string | null {
	const verdict = checkOutboundUrl(raw, outboundOptions(env));
	return verdict.ok ? null : verdict.reason;
}

const pct = (v: number | null) => (v === null ? "n/a" : `${v >= 0 ? "+" : "−"}${Math.abs(Math.round(v * 1000) / 10)}%`);
const num = (v: number | null) => (v === null ? "n/a" : Math.round(v).toLocaleString("en-US"));
/** Slack mrkdwn treats these three as control characters. */
const escapeSlack = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function slackMessage(data: ReportData, link: string) {
	const total = data.growth.total;
	const current = total.points.at(-1);
	const headline = `*${escapeSlack(data.name)}* · ${data.period.start} to ${data.period.end} (end exclusive)`;
	const numbers = [
		`Followers ${num(current?.followers ?? null)} (${pct(total.change.followers)})`,
		`Impressions ${num(current?.impressions ?? null)} (${pct(total.change.impressions)})`,
		`Engagements ${num(current?.engagements ?? null)} (${pct(total.change.engagements)})`,
		`Clicks ${num(current?.clicks ?? null)} (${pct(total.change.clicks)})`,
	].join(" · ");
	const standouts = data.standouts.slice(0, 3).map((s) => `• ${escapeSlack(s.sentence)}`);
	const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
	const summary = `${plural(data.summary.published, "post")} published, ${data.summary.failures.count} failed, ${plural(data.voice.mentions, "mention")}, ${plural(data.summary.conversations.unanswered, "conversation")} unanswered.`;
	const text = [headline, numbers, summary, ...(standouts.length ? ["*Standouts*", ...standouts] : []), `<${link}|Open the report>`].join("\n");
	return {
		text,
		blocks: [
			{ type: "section", text: { type: "mrkdwn", text: `${headline}\n${numbers}\n${summary}` } },
			...(standouts.length ? [{ type: "section", text: { type: "mrkdwn", text: `*Standouts*\n${standouts.join("\n")}` } }] : []),
			{ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the report" }, url: link }] },
		],
	};
}

export type DeliveryResult = { ok: true } | { ok: false; error: string; retryAfterSeconds?: number };

/** One try. A redirect is not followed (it would turn the POST into a GET elsewhere) and counts as a failure. */
export async function postToWebhook(url: string, message: unknown, timeoutMs = 10_000): Promise<DeliveryResult> {
	let res: Response;
	try {
		res = await guardedFetch(url, {
			method: "POST",
			headers: { "Content-Type": "application/json" },
			body: JSON.stringify(message),
			redirect: "manual",
			signal: AbortSignal.timeout(timeoutMs),
		});
	} catch (error) {
		return { ok: false, error: summarizeErrorText(`no answer: ${error instanceof Error ? error.message : String(error)}`) };
	}
	if (res.ok) {
		await res.body?.cancel();
		return { ok: true };
	}
	const body = await res.text().catch(() => "");
	const retryAfter = Number(res.headers.get("Retry-After"));
	return {
		ok: false,
		error: `HTTP ${summarizeError(res.status, body)}`,
		retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
	};
}
