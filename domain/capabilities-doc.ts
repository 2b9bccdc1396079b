/**
 * The capability table as Markdown, for docs/networks.md: test/repo/networks-docs.test.ts fails when
 * the section there is not exactly this, so the docs cannot drift from what the code does.
 */
import { type Capabilities, capabilities } from "./capabilities";
import { type Network, networkNames, networks } from "./networks";

export const docStart = "<!-- capabilities:start (generated from domain/capabilities.ts) -->";
export const docEnd = "<!-- capabilities:end -->";

const yes = (flag: boolean) => (flag ? "yes" : "—");
const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes % MB === 0 ? `${bytes / MB} MB` : `${bytes.toLocaleString("en")} bytes`);
const types = (list: readonly string[]) => list.map((t) => t.split("/")[1]?.toUpperCase()).join(", ");

const rows: [string, (c: Capabilities) => string][] = [
	["Text", (c) => yes(c.publish.text)],
	["Images", (c) => yes(c.publish.images)],
	["Video", (c) => yes(c.publish.video)],
	["Several images on one post", (c) => yes(c.publish.carousel)],
	["Threads", (c) => yes(c.threads)],
	["First comment", (c) => yes(c.firstComment)],
	["Replies from the Inbox", (c) => yes(c.replies)],
	["Mentions read", (c) => yes(c.reads.mentions)],
	["Comments read", (c) => yes(c.reads.comments)],
	["Metrics", (c) => yes(c.metrics)],
	["Retract", (c) => yes(c.retract)],
	["Edit", (c) => yes(c.edit)],
	["Text limit", (c) => `${c.text.limit.toLocaleString("en")} ${c.text.unit}${c.text.maxBytes ? ` and ${c.text.maxBytes.toLocaleString("en")} bytes` : ""}`],
	["Images per post", (c) => String(c.media.maxImages)],
	["Image types", (c) => types(c.media.imageTypes)],
	[
		"Image size",
		(c) =>
			`${mb(c.media.maxImageBytes)}${c.media.gif ? ` (GIF ${mb(c.media.gif.maxBytes)}, alone)` : ""}${c.media.maxImagePixels ? ` (under ${(c.media.maxImagePixels + 1).toLocaleString("en")} pixels)` : ""}`,
	],
	["Video per post", (c) => (c.media.maxVideos ? `${c.media.maxVideos} ${types(c.media.videoTypes)}${c.media.mixes ? "" : ", nothing else"}` : "—")],
	["Video size", (c) => (c.media.maxVideos ? mb(c.media.maxVideoBytes) : "—")],
	["Video length", (c) => (c.media.maxVideos ? (c.media.maxVideoSeconds === null ? "no cap" : `${c.media.maxVideoSeconds} s`) : "—")],
];

export function capabilityMarkdown(): string {
	const list: readonly Network[] = networks;
	const table = [["", ...list.map((n) => networkNames[n])], ...rows.map(([label, cell]) => [label, ...list.map((n) => cell(capabilities[n]))])];
	// Padded as the formatter (Biome) pads Markdown tables, so the generated section is already formatted.
	const widths = table[0]!.map((_, i) => Math.max(3, ...table.map((row) => row[i]!.length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
	const [head, ...body] = table;
	const counting = list.map((n) => `- **${networkNames[n]}**: ${capabilities[n].text.counting}.`);
	return [
		docStart,
		"",
		line(head!),
		line(widths.map((w) => "-".repeat(w))),
		...body.map(line),
		"",
		"How each network counts text:",
		"",
		...counting,
		"",
		docEnd,
	].join("\n");
}
