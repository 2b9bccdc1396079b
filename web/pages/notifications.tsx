import type { bellItemView, notificationView } from "../../db/queries/notifications";
import { Banner } from "../components/messages";
import { formatInstant, safeLocalHref } from "../format";
import { Layout, type Viewer } from "../layout";

type Item = ReturnType<typeof notificationView>;
type BellLine = ReturnType<typeof bellItemView>;

/** What still asks something of me, one line a group, approvals first. */
function Waiting({ bell, zone }: { bell: BellLine[]; zone: string }) {
	if (bell.length === 0) return null;
	return (
		<section class="stack">
			<h2>Waiting on you</h2>
			<ul class="notifications bell-lines">
				{bell.map((b) => (
					<li class="notification unread" data-kind={b.kind} data-count={b.count}>
						<div class="notification-head">
							<strong>{b.link ? <a href={safeLocalHref(b.link)}>{b.title}</a> : b.title}</strong>
							<small class="muted">
								<time datetime={b.latestAt}>{formatInstant(Date.parse(b.latestAt), zone)}</time>
							</small>
						</div>
						<p class="notification-body">{b.body}</p>
						{b.group && b.count > 1 ? (
							<form method="post" action="/notifications/read-group" class="inline">
								<input type="hidden" name="group" value={b.group} />
								<button type="submit" class="link-button">
									Mark all {b.count} read
								</button>
							</form>
						) : (
							<form method="post" action={`/notifications/${encodeURIComponent(b.ids[0]!)}/read`} class="inline">
								<button type="submit" class="link-button">
									Mark read
								</button>
							</form>
						)}
					</li>
				))}
			</ul>
			<h2>All notifications</h2>
		</section>
	);
}

export function NotificationsPage({
	viewer,
	bell = [],
	items,
	next,
	notice,
	zone,
}: {
	viewer?: Viewer;
	/** The workspace's zone: every time on the page is shown in it, and says so. */
	zone: string;
	bell?: BellLine[];
	items: Item[];
	next: string | null;
	notice?: string;
}) {
	return (
		<Layout title="Notifications" viewer={viewer} current="notifications">
			<div class="narrow-page">
				<div class="post-head">
					<h1>Notifications</h1>
					<a href="/notifications/settings">What I get</a>
				</div>
				<Banner text={notice} />
				<Waiting bell={bell} zone={zone} />
				{viewer?.unread ? (
					<form method="post" action="/notifications/read-all">
						<button type="submit">Mark all read</button>
					</form>
				) : null}
				{items.length === 0 ? (
					<p class="muted">Nothing yet. You will hear here when something needs you.</p>
				) : (
					<ul class="notifications">
						{items.map((n) => (
							<li class={n.readAt ? "notification" : "notification unread"} data-kind={n.kind}>
								<div class="notification-head">
									<strong>{n.link ? <a href={safeLocalHref(n.link)}>{n.title}</a> : n.title}</strong>
									<small class="muted">
										<time datetime={n.createdAt}>{formatInstant(Date.parse(n.createdAt), zone)}</time>
									</small>
								</div>
								<p class="notification-body">{n.body}</p>
								{n.email && <small class="muted">Email: {n.email.status}</small>}
								{!n.readAt && (
									<form method="post" action={`/notifications/${encodeURIComponent(n.id)}/read`} class="inline">
										<button type="submit" class="link-button">
											Mark read
										</button>
									</form>
								)}
							</li>
						))}
					</ul>
				)}
				{next && <a href={`/notifications?cursor=${encodeURIComponent(next)}`}>Older</a>}
			</div>
		</Layout>
	);
}
