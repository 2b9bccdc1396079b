import type { AccountRow } from "../../db/queries/accounts";
import { networkNames } from "../../domain/networks";
import { type FeedEntry, FeedItem } from "../components/feed-item";
import { Layout, type Viewer } from "../layout";

type Props = { viewer?: Viewer; account: AccountRow; items: FeedEntry[]; more: boolean };

/** What Chorus "published" to one sandbox account, newest first, as the network would show it. */
export const SandboxFeedPage = ({ viewer, account, items, more }: Props) => {
	// A thread's parts and a first comment link to the item they answer when it is on this page.
	const ids = new Set(items.map((i) => i.id));
	return (
		<Layout title={`Sandbox feed ${account.handle}`} viewer={viewer} current="sandbox">
			<div class="narrow-page">
				<div class="post-head">
					<h1>
						Sandbox feed <span class="feed-handle">{account.handle}</span>
					</h1>
					<a href="/sandbox">← Sandbox accounts</a>
				</div>
				<p class="muted">
					What Chorus published to the {networkNames[account.network]} account {account.handle}, newest first. Times are in {account.timezone}.
				</p>
				{items.length === 0 ? (
					<p class="card muted">Nothing published to this account yet.</p>
				) : (
					<ol class="feed">
						{items.map((item) => (
							<FeedItem item={item} zone={account.timezone} ids={ids} />
						))}
					</ol>
				)}
				{more && <p class="muted">Showing the newest {items.length} items.</p>}
			</div>
		</Layout>
	);
};
