import { kindLabels, type NotificationKind, notificationKinds, type Preference } from "../../domain/notifications";
import { Banner } from "../components/messages";
import { Layout, type Viewer } from "../layout";

type Props = { viewer?: Viewer; prefs: Record<NotificationKind, Preference>; notice?: string; totp?: { enabled: boolean; may: boolean } };

export function NotificationSettingsPage({ viewer, prefs, notice, totp }: Props) {
	return (
		<Layout title="What I get" viewer={viewer} current="notifications">
			<div class="narrow-page">
				<div class="post-head">
					<h1>What I get</h1>
					<a href="/notifications">← Notifications</a>
				</div>
				<Banner text={notice} />
				<form method="post" action="/notifications/settings" class="card stack">
					<table class="prefs">
						<thead>
							<tr>
								<th>When</th>
								<th>In Chorus</th>
								<th>By email</th>
							</tr>
						</thead>
						<tbody>
							{notificationKinds.map((k) => (
								<tr>
									<td>{kindLabels[k]}</td>
									<td>
										<input type="checkbox" name="inApp" value={k} checked={prefs[k].inApp} aria-label={`${kindLabels[k]}: in Chorus`} />
									</td>
									<td>
										<input type="checkbox" name="email" value={k} checked={prefs[k].email} aria-label={`${kindLabels[k]}: by email`} />
									</td>
								</tr>
							))}
						</tbody>
					</table>
					<button type="submit" class="primary">
						Save
					</button>
				</form>
				{totp?.may && (
					<section class="card separated">
						<h2>Second factor</h2>
						<p>{totp.enabled ? "On: signing in asks for a code from your authenticator app." : "Off: signing in asks only for your password."}</p>
						<a href="/account/second-factor">{totp.enabled ? "Manage" : "Set it up"}</a>
					</section>
				)}
			</div>
		</Layout>
	);
}
