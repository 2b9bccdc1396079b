import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { ApiDocsLink } from "./components/api-docs-link";
import { type SwitcherEntry, WorkspaceSwitcher } from "./components/workspace-switcher";

export type Viewer = {
	name: string;
	role: string;
	workspaceName: string /** The emergency stop is on: every page says so. */;
	stopped?: boolean;
	unread?: number;
	/** The person's memberships, for the workspace switcher. */
	memberships?: SwitcherEntry[];
};

type Props = {
	title: string;
	viewer?: Viewer;
	/** Which nav item is the current page. */
	current?:
		| "calendar"
		| "compose"
		| "sandbox"
		| "rota"
		| "audit"
		| "inbox"
		| "announcements"
		| "mission"
		| "reports"
		| "accounts"
		| "team"
		| "notifications"
		| "insights"
		| "campaigns";
	scripts?: string[];
	children?: Child;
};

export function Layout({ title, viewer, current, scripts = [], children }: Props) {
	return (
		<>
			{raw("<!doctype html>")}
			<html lang="en">
				<head>
					<meta charset="utf-8" />
					<meta name="viewport" content="width=device-width, initial-scale=1" />
					<title>{`${title} · Chorus`}</title>
					<link rel="icon" href="/favicon.ico" sizes="32x32" />
					<link rel="stylesheet" href="/app.css" />
					{scripts.map((src) => (
						<script src={src} defer />
					))}
				</head>
				<body>
					<header class="top">
						<div class="brand">
							<a href="/calendar" class="logo">
								Chorus
							</a>
							{viewer && <WorkspaceSwitcher workspaceName={viewer.workspaceName} memberships={viewer.memberships} />}
						</div>
						{viewer && (
							<nav class="nav" aria-label="Main">
								<a href="/calendar" aria-current={current === "calendar" ? "page" : undefined}>
									Calendar
								</a>
								<a href="/compose" aria-current={current === "compose" ? "page" : undefined}>
									New post
								</a>
								<a href="/announcements" aria-current={current === "announcements" ? "page" : undefined}>
									Announcements
								</a>
								<a href="/inbox" aria-current={current === "inbox" ? "page" : undefined}>
									Inbox
								</a>
								<a href="/insights" aria-current={current === "insights" ? "page" : undefined}>
									Insights
								</a>
								<a href="/reports" aria-current={current === "reports" ? "page" : undefined}>
									Reports
								</a>
								<a href="/campaigns" aria-current={current === "campaigns" ? "page" : undefined}>
									Campaigns
								</a>
								<a href="/rota" aria-current={current === "rota" ? "page" : undefined}>
									Rota
								</a>
								<a href="/audit" aria-current={current === "audit" ? "page" : undefined}>
									Audit
								</a>
								<a href="/mission" aria-current={current === "mission" ? "page" : undefined}>
									Mission
								</a>
								<a href="/accounts" aria-current={current === "accounts" ? "page" : undefined}>
									Accounts
								</a>
								<a href="/sandbox" aria-current={current === "sandbox" ? "page" : undefined}>
									Sandbox
								</a>
								<a href="/team" aria-current={current === "team" ? "page" : undefined}>
									Team
								</a>
							</nav>
						)}
						{viewer && (
							<a
								href="/notifications"
								class="bell"
								aria-current={current === "notifications" ? "page" : undefined}
								aria-label={`Notifications, ${viewer.unread ?? 0} unread`}
							>
								<svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="currentColor">
									<path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
								</svg>
								{viewer.unread ? <span class="unread-count">{viewer.unread > 99 ? "99+" : viewer.unread}</span> : null}
							</a>
						)}
						{viewer && (
							<form method="post" action="/sign-out" class="who">
								<span>
									{viewer.name} <small class="role">{viewer.role}</small>
								</span>
								<ApiDocsLink role={viewer.role} />
								<button type="submit" class="link-button">
									Sign out
								</button>
							</form>
						)}
					</header>
					<main>
						{viewer?.stopped && (
							<p class="banner error stop-banner" role="alert">
								Publishing is stopped for this workspace: nothing goes out until it is resumed on <a href="/accounts">Accounts</a>.
							</p>
						)}
						{children}
					</main>
				</body>
			</html>
		</>
	);
}
