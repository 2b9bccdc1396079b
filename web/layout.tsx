import type { Child } from "hono/jsx";
import { raw } from "hono/html";

export type Viewer = { name: string; role: string; workspaceName: string };

type Props = {
	title: string;
	viewer?: Viewer;
	/** Which nav item is the current page. */
	current?: "calendar" | "compose" | "sandbox" | "rota" | "audit" | "inbox" | "announcements" | "mission" | "insights";
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
							{viewer && <span class="workspace">{viewer.workspaceName}</span>}
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
								<a href="/rota" aria-current={current === "rota" ? "page" : undefined}>
									Rota
								</a>
								<a href="/audit" aria-current={current === "audit" ? "page" : undefined}>
									Audit
								</a>
								<a href="/mission" aria-current={current === "mission" ? "page" : undefined}>
									Mission
								</a>
								<a href="/sandbox" aria-current={current === "sandbox" ? "page" : undefined}>
									Sandbox
								</a>
							</nav>
						)}
						{viewer && (
							<form method="post" action="/sign-out" class="who">
								<span>
									{viewer.name} <small class="role">{viewer.role}</small>
								</span>
								<button type="submit" class="link-button">
									Sign out
								</button>
							</form>
						)}
					</header>
					<main>{children}</main>
				</body>
			</html>
		</>
	);
}
