import type { linksOf } from "../../functions/services/short-links";
import { safeHref } from "../format";

type Links = Awaited<ReturnType<typeof linksOf>>;

/** The post's first-party short links and the clicks each has had (counted by /l/:code). */
export function ShortLinksCard({ links }: { links: Links }) {
	if (links.length === 0) return null;
	return (
		<section class="card">
			<h2>Short links</h2>
			<ul class="occurrences">
				{links.map((l) => {
					const href = safeHref(l.url);
					return (
						<li>
							{l.shortUrl ?? `/l/${l.code}`} → {href ? <a href={href}>{l.url}</a> : l.url}{" "}
							<span class="muted">{l.clicks === 1 ? "1 click" : `${l.clicks} clicks`}</span>
						</li>
					);
				})}
			</ul>
		</section>
	);
}
