import type { AccountRow } from "../../db/queries/accounts";
import { networkNames } from "../../domain/networks";
import { ConversationItem, type InboxItem } from "../components/conversation-item";
import { Banner } from "../components/messages";
import { emptyTexts, type InboxView, inboxViews, type TabCounts, viewLabels } from "../inbox";
import { Layout, type Viewer } from "../layout";

type Props = {
	viewer?: Viewer;
	viewerId: string;
	view: InboxView;
	counts: TabCounts;
	accounts: AccountRow[];
	accountId?: string;
	items: InboxItem[];
	/** More conversations than shown. */
	more: boolean;
	now: number;
	zone: string;
};

const tabHref = (view: InboxView, accountId?: string) => `/inbox?${new URLSearchParams({ view, ...(accountId ? { accountId } : {}) })}`;

export const InboxPage = (p: Props) => (
	<Layout title="Inbox" viewer={p.viewer} current="inbox">
		<div class="inbox-head">
			<h1>Inbox</h1>
			<form method="get" action="/inbox" class="filter">
				<input type="hidden" name="view" value={p.view} />
				<select name="accountId" aria-label="Account">
					<option value="">All accounts</option>
					{p.accounts.map((a) => (
						<option value={a.id} selected={a.id === p.accountId}>
							{`${networkNames[a.network]} ${a.handle}`}
						</option>
					))}
				</select>
				<button type="submit">Filter</button>
			</form>
		</div>
		<nav class="tabs" aria-label="Conversations">
			{inboxViews.map((v) => (
				<a href={tabHref(v, p.accountId)} aria-current={v === p.view ? "page" : undefined}>
					{viewLabels[v]} <span class="tab-count">{p.counts[v]}</span>
				</a>
			))}
		</nav>
		{p.items.length === 0 ? (
			<p class="card inbox-empty muted">{emptyTexts[p.view]}</p>
		) : (
			<ul class="convo-list">
				{p.items.map((item) => (
					<ConversationItem item={item} viewerId={p.viewerId} now={p.now} zone={p.zone} />
				))}
			</ul>
		)}
		{p.more && <Banner text={`Showing the newest ${p.items.length}; filter by account to see the others.`} />}
	</Layout>
);
