/**
 * Why a server could not be reached, in words an admin can act on. workerd reports a failed DNS lookup
 * as an opaque "internal error; reference = …", so for an answer that says nothing, the host is looked up
 * over DNS-over-HTTPS (through the outbound guard, like every other call) to tell "no such host" from
 * "the host did not answer".
 */
import { z } from "zod";
import { guardedFetch } from "../outbound";
import { readJson, sendWithTimeout } from "./http";

// https://developers.cloudflare.com/1.1.1.1/encryption/dns-over-https/make-api-requests/dns-json/
const dohUrl = "https://cloudflare-dns.com/dns-query";
const dnsAnswer = z.object({ Status: z.number(), Answer: z.array(z.object({ type: z.number() })).optional() });
// RFC 1035 RCODE 3: the name does not exist.
const NXDOMAIN = 3;

const byCode: [RegExp, (host: string) => string][] = [
	[/ENOTFOUND|EAI_AGAIN/, (host) => `DNS lookup failed: no address found for ${host}`],
	[/ECONNREFUSED/, (host) => `${host} refused the connection`],
	[/EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|UND_ERR_CONNECT_TIMEOUT/, (host) => `${host} could not be reached on the network`],
	[/CERT|TLS|SELF_SIGNED|LEAF_SIGNATURE/, (host) => `${host}'s TLS certificate is not valid`],
];

/** Whether DNS knows the host: false for "no such name" or no address, null when DoH itself gave no clear answer. */
async function resolves(host: string): Promise<boolean | null> {
	const url = `${dohUrl}?${new URLSearchParams({ name: host, type: "A" })}`;
	const sent = await sendWithTimeout(guardedFetch, url, { headers: { Accept: "application/dns-json" } }, 5000);
	const answer = sent.kind === "response" && sent.status === 200 ? readJson(sent.body, dnsAnswer) : null;
	if (!answer) return null;
	if (answer.Status === NXDOMAIN) return false;
	return answer.Status === 0 ? (answer.Answer?.length ?? 0) > 0 : null;
}

/** The real cause behind a request that got no answer from `url` (`reason`: what the fetch said). */
export async function whyUnreachable(url: string, reason: string): Promise<string> {
	const host = new URL(url).hostname;
	for (const [pattern, say] of byCode) if (pattern.test(reason)) return `${say(host)} (${reason})`;
	if (/refused:/.test(reason) || /no answer within|cut off/.test(reason)) return `${host}: ${reason}`;
	const known = await resolves(host).catch(() => null);
	if (known === false) return `DNS lookup failed: ${host} does not exist (check the spelling of the server's address)`;
	if (known === true) return `${host} exists but did not answer (${reason})`;
	return `${host} could not be reached (${reason})`;
}
