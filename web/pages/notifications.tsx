import type { notificationView } from "../../db/queries/notifications";
import { Banner } from "../components/messages";
import { safeLocalHref } from "../format";
import { Layout, type Viewer } from "../layout";

type Item = ReturnType<typeof notificationView>;

export function NotificationsPage({ viewer, items, next, notice }: { viewer?: Viewer; items: Item[]; next: string | null; notice?: string }) {
	return (
		<Layout title="Notifications" viewer={viewer} current="notifications">
			<div class="narrow-page">
				<div class="post-head">
					<h1>Notifications</h1>
					<a href="/notifications/settings">What I get</a>
				</div>
				<Banner text={notice} />
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
										<time datetime={n.createdAt}>{n.createdAt.slice(0, 16).replace("T", " ")} UTC</time>
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
